"""Everything that builds and measures a model, never imported when a draft is reviewed.

corpus (the labelled drafts and their splits), estimators (the scikit-learn models), train
(`reviewer train`: cross-validated selection and the final fit), metrics, evaluation
(`reviewer evaluate`) and baseline (the keyword rules the models are compared with).
"""
