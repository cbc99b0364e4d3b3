"""Hand curation for build_classes.py: what counts as a concrete, visually distinct class.

Labels are CLDR labels (emojibase-data/en), lower-cased ASCII. Every exclusion has a reason, and
build_classes.py counts skipped emoji per reason into classes.json, so the choice is auditable.
"""
from __future__ import annotations

SUBCATEGORIES = frozenset({
    "animal-mammal", "animal-bird", "animal-amphibian", "animal-reptile", "animal-marine",
    "animal-bug", "plant-flower", "plant-other",
    "food-fruit", "food-vegetable", "food-prepared", "food-asian", "food-sweet", "drink", "dishware",
    "transport-ground", "transport-water", "transport-air", "sky & weather",
    "event", "sport", "game", "musical-instrument", "clothing", "household", "tool",
})

_EXCLUDE_GROUPS: dict[str, list[str]] = {
    # Same thing drawn twice; keeping both would make two classes a model cannot tell apart.
    "near-duplicate": [
        "black cat", "guide dog", "service dog", "poodle", "two-hump camel", "ox", "ram",
        "hatching chick", "front-facing baby chick", "black bird", "spouting whale", "pig nose",
        "mammoth", "sauropod", "brown mushroom", "shamrock", "fallen leaf", "empty nest",
        "white flower", "wilted flower", "rosette", "blossom", "green apple", "ice cream",
        "shortcake", "rice cracker", "rice ball", "cooked rice", "curry rice", "steaming bowl",
        "shallow pan of food", "pot of food", "bowl with spoon", "stuffed flatbread", "flatbread",
        "clinking beer mugs", "clinking glasses", "teacup without handle", "tumbler glass",
        "tropical drink", "cup with straw", "fork and knife with plate", "dagger",
        "oncoming automobile", "oncoming bus", "oncoming police car", "oncoming taxi",
        "high-speed train", "railway car", "light rail", "metro", "monorail", "tram car",
        "mountain railway", "suspension railway", "mountain cableway", "aerial tramway",
        "trolleybus", "minibus", "sport utility vehicle", "articulated lorry",
        "motorized wheelchair", "horizontal traffic light", "motor boat", "passenger ship",
        "small airplane", "airplane arrival", "airplane departure", "kick scooter",
        "new moon", "waxing crescent moon", "first quarter moon", "waxing gibbous moon",
        "full moon", "waning gibbous moon", "last quarter moon", "waning crescent moon",
        "sun behind large cloud", "sun behind small cloud", "sun behind rain cloud",
        "cloud with lightning and rain", "snowman without snow", "closed umbrella",
        "umbrella on ground", "umbrella with rain drops", "glowing star", "shooting star",
        "man's shoe", "flat shoe", "woman's sandal", "woman's boot", "ballet shoes",
        "woman's hat", "rescue worker's helmet", "clutch bag", "purse", "woman's clothes",
        "hammer and pick", "hammer and wrench", "crossed swords", "chains", "broken chain",
        "long drum", "spade suit", "heart suit", "diamond suit", "club suit",
        "mahjong red dragon", "flower playing cards", "joker", "cricket game", "field hockey",
        "ice hockey", "lacrosse", "softball", "ping pong", "badminton", "tennis",
    ],
    # A scene, an effect or an abstraction rather than an object with a silhouette.
    "not an object": [
        "milky way", "cyclone", "fog", "wind", "sparkles", "high voltage", "station",
        "motorway", "railway track", "bus stop", "sun with face", "seat", "link", "cooking",
        "moon viewing ceremony", "paw prints", "microbe", "wing", "leaf fluttering in wind",
        "flag in hole", "goal net", "admission tickets", "pouring liquid", "bubbles",
    ],
    # Culture-specific things whose names an English caption would rarely use.
    "rare name": [
        "oden", "dango", "tamale", "fish cake with swirl", "moon cake", "mate", "sake",
        "tanabata tree", "pine decoration", "carp streamer", "japanese dolls", "red envelope",
        "reminder ribbon", "bento box", "sheaf of rice", "phoenix", "dodo", "fondue",
        "kimono", "sari", "hair pick", "prayer beads", "martial arts uniform", "running shirt",
        "white cane", "leafy green", "root vegetable", "ginger root", "canned food", "custard",
        "shaved ice", "beverage box", "bubble tea", "takeout box", "mirror ball",
        "nesting dolls", "chess pawn", "slot machine", "video game", "water pistol",
        "magic wand", "crystal ball", "bullseye", "pool 8 ball", "fortune cookie",
        "lotion bottle", "roll of paper", "safety pin", "mouse trap", "plunger", "sponge",
        "soap", "razor", "elevator", "lab coat", "safety vest", "one-piece swimsuit", "briefs",
        "bikini", "folding hand fan", "graduation cap", "military helmet", "gem stone",
        "fire extinguisher", "shopping cart", "shopping bags", "police car light",
        "fuel pump", "auto rickshaw", "manual wheelchair", "ring buoy", "ferry", "satellite",
        "diving mask", "curling stone", "clamp", "balance scale", "nut and bolt", "gear",
        "boomerang", "hook", "pick", "salt", "butter", "cut of meat", "poultry leg",
        "baby bottle", "amphora", "jar", "pie", "fried shrimp", "falafel", "beans", "olive",
        "chestnut", "peanuts", "garlic", "lime", "melon", "mango", "blowfish", "oyster",
        "coral", "cockroach", "mosquito", "fly", "worm", "cricket", "beaver", "badger",
        "skunk", "chipmunk", "bison", "boar", "orangutan", "moose", "donkey", "hamster",
        "rat", "goose", "rooster", "turkey", "hyacinth", "hibiscus", "lotus", "herb",
        "yo-yo", "pinata", "wind chime", "ticket", "firecracker", "sparkler", "party popper",
        "confetti ball", "comet", "thermometer", "oil drum", "construction", "dove",
    ],
}

EXCLUDE: dict[str, str] = {
    label: reason for reason, labels in _EXCLUDE_GROUPS.items() for label in labels
}

# label -> class name: short, the word a caption would use (COCO's where it has one).
RENAME: dict[str, str] = {
    "ewe": "sheep", "honeybee": "bee", "lady beetle": "ladybug", "t-rex": "dinosaur",
    "bug": "caterpillar", "baby chick": "chick", "water buffalo": "buffalo",
    "hippopotamus": "hippo", "spiral shell": "shell", "four leaf clover": "clover",
    "nest with eggs": "nest", "deciduous tree": "tree", "evergreen tree": "pine tree",
    "kiwi fruit": "kiwi", "ear of corn": "corn", "bell pepper": "pepper", "hot pepper": "chili",
    "red apple": "apple", "pea pod": "peas", "cheese wedge": "cheese", "meat on bone": "meat",
    "french fries": "fries", "green salad": "salad", "birthday cake": "cake",
    "chocolate bar": "chocolate", "glass of milk": "milk", "hot beverage": "coffee",
    "bottle with popping cork": "champagne", "cocktail glass": "cocktail", "beer mug": "beer",
    "kitchen knife": "knife", "honey pot": "honey", "soft ice cream": "ice cream",
    "ice": "ice cube", "baguette bread": "baguette", "doughnut": "donut",
    "automobile": "car", "delivery truck": "truck", "fire engine": "fire truck",
    "motor scooter": "scooter", "vertical traffic light": "traffic light",
    "flying saucer": "ufo", "crescent moon": "moon", "ringed planet": "planet",
    "cloud with rain": "rain cloud", "cloud with snow": "snow cloud",
    "cloud with lightning": "storm cloud", "water wave": "wave", "droplet": "water drop",
    "necktie": "tie", "hiking boot": "boot", "running shoe": "shoe", "top hat": "hat",
    "billed cap": "cap", "thong sandal": "sandal", "flying disc": "frisbee",
    "american football": "football", "rugby football": "rugby ball", "game die": "dice",
    "couch and lamp": "couch", "carpentry saw": "saw", "musical keyboard": "piano",
    "bowling": "bowling ball", "jack-o-lantern": "pumpkin", "wrapped gift": "gift", "christmas tree": "christmas tree",
    "potted plant": "potted plant", "bow and arrow": "bow and arrow", "sun behind cloud": "sun and cloud",
    "fishing pole": "fishing rod", "boxing glove": "boxing glove", "spider web": "spider web",
    "tropical fish": "tropical fish", "polar bear": "polar bear", "snowman": "snowman",
}
