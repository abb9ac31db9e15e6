"""The learned understanding: corpus, classifier, tagger, typo tolerance, and what they read."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from chatmodels.nlu.dates import make_clock
from chatmodels.nlu.fuzzy import correct_typos, similar_words
from chatmodels.nlu.intents import understand
from chatmodels.nlu.learned.classifier import Classifier
from chatmodels.nlu.learned.corpus import CorpusError, load_corpus, parse_line, tokenize
from chatmodels.nlu.learned.model import MODEL, load_model, train_corpus
from chatmodels.nlu.learned.reading import read
from chatmodels.nlu.learned.tagger import Tagger
from chatmodels.nlu.references import Ref

CLOCK = make_clock(datetime.fromisoformat("2026-11-24T09:00:00+00:00"), "UTC")


def test_the_committed_model_is_what_the_corpus_trains() -> None:
    assert train_corpus().to_json() == MODEL.read_text(encoding="utf-8"), "run make nlu-model"


def test_a_corpus_line_gives_text_tags_intent_and_language() -> None:
    example = parse_line("add\tfr\tajoute {T acheter du pain} {D demain}")
    assert (example.intent, example.language, example.text) == (
        "add",
        "fr",
        "ajoute acheter du pain demain",
    )
    assert example.tags == ("O", "T", "T", "T", "D")


def test_a_bad_corpus_line_names_its_number(tmp_path: Path) -> None:
    bad = tmp_path / "corpus.tsv"
    bad.write_text("# header\nadd\ten\tadd {T milk\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"corpus\.tsv:2"):
        load_corpus(bad)


def test_the_classifier_generalizes_to_utterances_it_was_not_trained_on() -> None:
    """Five-fold cross-validation over the corpus: each utterance judged by a model that
    never saw it."""
    examples = load_corpus()
    order = list(range(len(examples)))
    random.Random(13).shuffle(order)
    right = 0
    for fold in range(5):
        held = set(order[fold::5])
        model = Classifier.train(
            (e.intent, e.text) for i, e in enumerate(examples) if i not in held
        )
        for i in held:
            probabilities = model.probabilities(examples[i].text)
            right += max(probabilities, key=lambda k: probabilities[k]) == examples[i].intent
    accuracy = right / len(examples)
    print(f"intent accuracy, five-fold: {accuracy:.1%}")
    assert accuracy >= 0.5  # 58 % with corpus version 1 (440 utterances); grows with it


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("rajoute nourrir le chat", "add", "fr"),
        ("pon en la lista arreglar la bici", "add", "es"),
        ("trag fenster streichen ein", "add", "de"),
        ("was steht noch an", "list_open", "de"),
        ("enséñame mis tareas pendientes", "list_open", "es"),
        ("la vaisselle est faite", "complete", "fr"),
        ("who painted the mona lisa", "offtopic", "en"),
        ("efface le rendez-vous du garage", "delete", "fr"),
    ],
)
def test_intent_and_language_of_new_phrasings(text: str, intent: str, language: str) -> None:
    model = load_model()
    intents = model.intents.probabilities(text)
    languages = model.languages.probabilities(text)
    assert max(intents, key=lambda k: intents[k]) == intent
    assert max(languages, key=lambda k: languages[k]) == language


def test_the_tagger_learns_titles_and_dates_from_examples() -> None:
    tagger = Tagger.train(
        [
            (["add", "buy", "milk", "tomorrow"], ["O", "T", "T", "D"]),
            (["add", "call", "mom", "today"], ["O", "T", "T", "D"]),
            (["add", "walk", "the", "dog"], ["O", "T", "T", "T"]),
        ]
    )
    assert tagger.tag(["add", "call", "milk", "tomorrow"]) == ["O", "T", "T", "D"]


def test_the_trained_tagger_finds_the_title_in_each_language() -> None:
    tagger = load_model().tagger
    words = [t.text for t in tokenize("ajoute réparer le vélo demain")]
    assert tagger.tag(words)[0] == "O"
    assert "T" in tagger.tag(words)[1:]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ad buy bread", "add buy bread"),
        ("delet the bread task", "delete the bread task"),
        ("shwo my tasks", "show my tasks"),
        ("remind me on wednsday", "remind me on wednesday"),
        ("I have completed the essay", "I have completed the essay"),  # an inflection
        ("don't forget the cat", "don't forget the cat"),
        ("wash the car", "wash the car"),  # a verb of its own, not 'was'
        ("buy a hat and a mat", "buy a hat and a mat"),
    ],
)
def test_typos_in_command_and_date_words_are_put_right(typed: str, meant: str) -> None:
    assert correct_typos(typed) == meant


def test_titles_match_across_a_typo() -> None:
    assert similar_words("membrship", "membership")
    assert not similar_words("cat", "car")


@pytest.mark.parametrize(
    ("text", "title", "due"),
    [
        ("ajoute réparer le vélo samedi", "réparer le vélo", "2026-11-28"),
        ("añade llamar al dentista mañana", "llamar al dentista", "2026-11-25"),
        ("füge rasen mähen für freitag hinzu", "rasen mähen", "2026-11-27"),
    ],
)
def test_adds_in_other_languages_have_their_title_and_date(text: str, title: str, due: str) -> None:
    reading = read(text, CLOCK)
    assert (reading.intent, reading.title.casefold()) == ("add", title)
    assert reading.due is not None
    assert reading.due.startswith(due)


def test_a_message_that_names_no_task_adds_none() -> None:
    assert read("tomorrow", CLOCK).title == ""
    understood = understand("tomorrow", CLOCK)
    assert not [op for op in understood.operations if op.kind == "add"]
    assert understood.chat == "clarify" or understood.operations[0].target == Ref(kind="pronoun")


@pytest.mark.parametrize(
    ("text", "kind", "chat"),
    [
        ("garden hose for the balcony", "add", None),  # a noun phrase: an add
        ("what's the tallest building in europe?", None, "out_of_scope"),
        ("montre-moi ce qui reste à faire", "list", None),
    ],
)
def test_unsure_messages_become_the_most_plausible_operation(
    text: str, kind: str | None, chat: str | None
) -> None:
    understood = understand(text, CLOCK)
    assert [op.kind for op in understood.operations] == ([kind] if kind else [])
    assert understood.chat == chat
