"""The service catalog: typed models, the expression language, checks and the loader."""
