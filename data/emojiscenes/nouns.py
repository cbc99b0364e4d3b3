"""English noun phrases for class names and tags: articles, plurals, counts."""
from __future__ import annotations

import re

import numpy as np

# Nouns used without "a": mass nouns and plural-only nouns ("some fries", "some milk").
UNCOUNTED = frozenset({
    "fries", "peas", "jeans", "shorts", "socks", "glasses", "gloves", "goggles", "sunglasses",
    "skis", "cherries", "blueberries", "grapes", "pancakes", "maracas", "chopsticks", "popcorn",
    "spaghetti", "honey", "milk", "coffee", "beer", "champagne", "salad", "sushi", "meat",
    "cheese", "bread", "chocolate", "candy", "corn", "fire", "ice cream", "fireworks", "bacon",
    "berries", "maize", "cutlery", "trousers", "eyeglasses", "french fries", "rockets", "stars", "seafood",
})
IRREGULAR_PLURAL = {
    "sheep": "sheep", "fish": "fish", "deer": "deer", "mouse": "mice", "dice": "dice",
    "knife": "knives", "tropical fish": "tropical fish", "buffalo": "buffalo", "shelf": "shelves",
    "leaf": "leaves", "maple leaf": "maple leaves", "cactus": "cacti", "potato": "potatoes",
    "tomato": "tomatoes", "volcano": "volcanoes", "hippo": "hippos", "ufo": "ufos",
    "fork and knife": "forks and knives", "bow and arrow": "bows and arrows",
}
# "an" goes by sound, not spelling; these start with a vowel letter but a consonant sound.
_A_BEFORE_VOWEL = ("ufo", "uni", "use")
COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

def article(noun: str) -> str:
    starts_vowel = noun[:1] in "aeiou" and not noun.startswith(_A_BEFORE_VOWEL)
    return "an" if starts_vowel else "a"


def plural(noun: str) -> str:
    if noun in IRREGULAR_PLURAL:
        return IRREGULAR_PLURAL[noun]
    if noun in UNCOUNTED:
        return noun
    head, _, last = noun.rpartition(" ")
    if re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def one(noun: str) -> str:
    """'a dog', 'an apple', 'some fries'."""
    return f"some {noun}" if noun in UNCOUNTED else f"{article(noun)} {noun}"


def counted(rng: np.random.Generator, noun: str, count: int) -> str:
    """Noun phrase for `count` instances: exact number usually, vague sometimes (as people write)."""
    if count == 1:
        return one(noun)
    if noun in UNCOUNTED:
        return f"some {noun}"
    r = rng.random()
    if r < 0.7:
        return f"{COUNT_WORDS.get(count, str(count))} {plural(noun)}"
    return f"{'some' if r < 0.85 else 'several' if count > 2 else 'a couple of'} {plural(noun)}"
