"""The learned part of understanding: an intent classifier and a slot tagger, trained from
``corpus.tsv`` by ``make nlu-model`` into ``model.json`` (see ``train``)."""
