"""What the notebooks and the Voila app show: widgets, HTML views and interface text.

widgets (the draft reviewer), batch_ui (the batch reviewer), corrections_ui (the buttons that
mark a finding wrong), rewrite_ui (the suggested rewrite and the call/voicemail/email kit),
labelling_ui (notebook 04: label least-certain-first, retrain, compare), training_ui (notebook 03), display (HTML for a review) and ui_text (every word of the interface,
in English and Indonesian). Needs the `notebooks` extra.
"""
