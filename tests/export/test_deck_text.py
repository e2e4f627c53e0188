"""The key-figures slide's cards (issue 19: text on a slide is never broken inside a word)."""

from __future__ import annotations

from accesscost.export.slides import CARD_CHAR_EM, CARD_MARGIN_IN, card_size

CARD_IN = (13.333 - 2 * 0.4 - 0.2 * 5) / 6  # six cards across a 16:9 slide: 1.92 in each


def test_a_short_figure_is_set_large():
    assert card_size("$4.7K", CARD_IN) == 24
    assert card_size("0.8 months", CARD_IN) == 24


def test_a_long_name_shrinks_until_its_longest_word_fits_one_line():
    # "(taskRoleArn)" is 13 characters; the card has (1.92 - 0.2) x 72 = 124 pt for them:
    # 16 pt: 13 x 16 x 0.72 = 150 pt, 14 pt: 131 pt, too wide; 12 pt: 112 pt fits
    assert card_size("B) IAM task role (taskRoleArn)", CARD_IN) == 12
    room = (CARD_IN - 2 * CARD_MARGIN_IN) * 72
    assert 13 * 12 * CARD_CHAR_EM <= room < 13 * 14 * CARD_CHAR_EM


def test_a_figure_of_short_words_keeps_sixteen_points():
    assert card_size("cash $58K\nengineer time $8.0K\nexpected loss $11K", CARD_IN) == 16
