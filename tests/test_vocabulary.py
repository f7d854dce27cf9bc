"""The word lists a domain expert edits (rubrics/vocabulary/*.yaml) are well formed: a name in one synonym
group only, pairs of two different words, article titles keyed by seed file."""

from __future__ import annotations

from collections import Counter

from interviewer.bank.sources import article_titles
from interviewer.nlp.text import normalise
from interviewer.rubric.synonyms import COUNTERPARTS, ONE_WAY_OPPOSITES, OPPOSITES, PLAIN_WORDS, SYNONYM_GROUPS, synonyms_of


def test_each_name_belongs_to_one_group_and_groups_name_one_idea_twice_or_more():
    for groups in (SYNONYM_GROUPS, PLAIN_WORDS):
        assert all(len(set(group)) >= 2 for group in groups)
        repeated = [name for name, n in Counter(normalise(t) for group in groups for t in group).items() if n > 1]
        assert repeated == []
    assert "weight decay" in synonyms_of("L2 regularization")


def test_pairs_are_two_different_words_and_titles_name_seed_files():
    for pairs in (OPPOSITES, COUNTERPARTS, ONE_WAY_OPPOSITES):
        assert pairs and all(len(pair) == 2 and pair[0] != pair[1] for pair in pairs)
    titles = article_titles()
    assert titles and all(name.endswith(".txt") and title.strip() for name, title in titles.items())
