"""Chat models: the embedded offline model (``chatmodels.offline``) and the factory that picks
a hosted or the offline model from settings (``chatmodels.factory``)."""
