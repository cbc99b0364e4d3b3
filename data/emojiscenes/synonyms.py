"""Which CLDR tags a caption may use instead of the class name ("plane" for airplane).

CLDR tags mix synonyms with moods, verbs and slang ("rawr", "yolo", "soar"), so the words a
caption may substitute are picked by hand from each class's tags. Hypernyms ("animal", "fruit")
are kept on purpose: real captions are often that vague. Every word here must be one of the
class's tags (tests check it), so a caption using it still mentions the class "by tag"."""
from __future__ import annotations

_TABLE = """
airplane: aeroplane,jet,plane | ambulance: vehicle | ant: insect | apple: fruit,red apple
avocado: fruit | axe: hatchet | backpack: bag,rucksack | bagel: bread | baguette: bread
banana: fruit | baseball: ball | basketball: ball | bat: animal | bathtub: bath | bear: animal,grizzly
bee: insect,bumblebee,honeybee | beer: beer mug,mug,pint | beetle: bug,insect | bicycle: bike
bird: animal | blueberries: berries | boot: hiking boot,shoe | bouquet: flower | boxing glove: glove
bread: loaf | bucket: pail | buffalo: animal,water buffalo | bullet train: train | bus: vehicle
butterfly: insect | cactus: plant | cake: birthday cake | camel: animal | canoe: boat | cap: hat
car: automobile,vehicle | carrot: vegetable | cat: animal,kitten,pet | caterpillar: bug,insect
chair: seat | champagne: bottle | cheese: cheese wedge | cherries: fruit | cherry blossom: blossom,flower
chick: bird,baby chick | chicken: bird | chili: hot pepper | chocolate: chocolate bar | christmas tree: tree
clover: leaf,four leaf clover | coat: jacket | cocktail: drink,martini | coffee: drink,hot beverage
corn: maize | cow: animal | crocodile: animal | croissant: bread,roll
cucumber: vegetable | deer: animal | dinosaur: t-rex | dog: animal,pet | dolphin: animal | donut: doughnut
duck: bird | eagle: bird | eggplant: aubergine,vegetable | elephant: animal | fire: flame
fire truck: fire engine,truck | fish: animal | fishing rod: fishing pole | flamingo: bird
football: american football,ball | fork and knife: cutlery | fox: animal | fries: french fries
frisbee: disc,flying disc | frog: animal | gift: present,wrapped gift | giraffe: animal
glasses: eyeglasses | goat: animal | gorilla: animal | grapes: fruit | hamburger: burger
handbag: bag,purse | hat: top hat | hedgehog: animal | helicopter: vehicle | high-heeled shoe: shoe
hippo: hippopotamus,animal | honey: honey pot | horse: animal | hot dog: sausage | ice cream: soft ice cream
jeans: trousers | kangaroo: animal | kiwi: fruit,kiwi fruit | knife: kitchen knife | koala: animal
ladybug: ladybird,beetle,insect | lemon: fruit | leopard: animal | lion: animal | lizard: reptile,animal
llama: alpaca,animal | lobster: seafood | locomotive: train | lollipop: candy | maple leaf: leaf
milk: glass of milk,drink | monkey: animal | moon: crescent moon | mouse: animal | nest: nest with eggs
octopus: animal | owl: bird | palm tree: tree | pancakes: pancake | panda: animal | parrot: bird
peach: fruit | peacock: bird | pear: fruit | penguin: bird | pepper: bell pepper,vegetable
piano: keyboard | pickup truck: truck,car | pig: animal | pine tree: tree,evergreen tree | pineapple: fruit
pizza: slice | planet: saturn | polar bear: bear | police car: car | potato: vegetable
potted plant: plant | puzzle piece: jigsaw,puzzle | rabbit: bunny,animal | raccoon: animal
racing car: car | rain cloud: cloud | rhinoceros: animal | rocket: rockets | roller skate: skate
rose: flower | rugby ball: ball | sailboat: boat,yacht | salad: green salad | sandal: thong sandal,shoe
saw: carpentry saw | saxophone: sax | scooter: motor scooter | seal: animal | seedling: sprout,plant
shark: fish | sheep: lamb,ewe | shell: spiral shell,conch | ship: boat | shoe: sneaker,running shoe
skateboard: board | skis: ski | sled: sleigh,sledge | snail: animal | snake: serpent | snow cloud: cloud
soccer ball: ball,football | spaghetti: pasta | speedboat: boat | spider: animal | spider web: web
star: stars | storm cloud: cloud | strawberry: fruit,berry | sunflower: flower | sunglasses: glasses
swan: bird | t-shirt: shirt | tangerine: fruit | taxi: cab,car | teddy bear: toy,teddy | tie: necktie
tiger: animal | tomato: vegetable | toothbrush: brush | tractor: vehicle | traffic light: stoplight
tree: deciduous tree | tropical fish: fish | truck: delivery truck | tulip: flower | turtle: tortoise
ufo: flying saucer | water drop: droplet,drop | wave: water wave | wheel: tire
wine glass: glass,wine | wolf: animal | wrench: spanner | zebra: animal
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in table.replace("\n", "|").split("|"):
        if not entry.strip():
            continue
        name, _, words = entry.partition(":")
        out[name.strip()] = tuple(w.strip() for w in words.split(",") if w.strip())
    return out


SYNONYMS: dict[str, tuple[str, ...]] = _parse(_TABLE)


def caption_synonyms(name: str, tags: list[str]) -> list[str]:
    """The hand-picked synonyms of `name` that really are among its tags."""
    tag_set = set(tags)
    return [w for w in SYNONYMS.get(name, ()) if w in tag_set]
