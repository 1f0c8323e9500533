"""What the notebooks and the Voila app show: widgets, HTML views and interface text.

widgets (the draft reviewer), batch_ui (the batch reviewer), training_ui (notebook 03),
display (HTML for a review) and ui_text (the interface's own words). Needs the `notebooks` extra.
"""
