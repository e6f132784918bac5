"""Network layouts searched for once, ahead of time: the outcome of each search.

Laying out a network's edge labels tries up to eleven vertical spacings (and, where a
label ends up near a crossing, each again with the room to spare given to one gap):
20–60 ms for a new shape, where the rest of a problem takes 1–5 ms. The layouts the
generated problems need are few (116 over 1,000 seeds of every network family and
difficulty), so the outcome of each search (which spacing won, which gap was favoured,
where along its edge each label went) is kept here, keyed by everything the search
reads: a layout found here is laid out as the search found it (the same bytes), one not
found is searched as before.

Written by ``python benchmarks/figure_layouts.py`` from the problems of seeds 0–999 of the
network families; ``tests/figures/test_presets.py`` checks that the figures are the same
bytes with and without the table, so a change to the layout search that the table no
longer matches fails there (then write the table again).
"""

from __future__ import annotations

import hashlib

ELLIPSIS = "⋮"
FAMILIES = ("forward", "backprop", "sgd", "fgsm", "neuron", "dropout")
SEEDS = 1000
# set to a dict by benchmarks/figure_layouts.py: each search's outcome is recorded there
RECORD: dict[str, tuple[int | None, int, tuple[int, ...]]] | None = None


def key(sizes, units, lines, head_w, labelled, edge_w, noted, note_w) -> str:
    """What a layout search reads, as a short digest (the same on every machine: the
    widths are sums of fixed floats, written by ``repr``)."""
    elided = tuple(tuple(u == ELLIPSIS for u in layer) for layer in units)
    text = repr((sizes, elided, lines, head_w, labelled, edge_w, noted, note_w))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# where the table begins and ends (what benchmarks/figure_layouts.py writes over)
BEGIN, END = "LAYOUTS: dict[str, tuple] = {", "}  # end of the table"
# key: (the gap favoured, or None; the spacing; each edge label's place along its edge)
LAYOUTS: dict[str, tuple] = {
    "02637d065723e84d21f9": (None, 58, (6, 6, 6, 6)),
    "02680b868b5bc52825d1": (None, 154, (8, 6, 13, 12, 8, 13, 12)),
    "02f716e85c671bb88ffb": (
        None,
        154,
        (7, 1, 17, 6, 7, 6, 3, 7, 7, 9, 6, 6, 6, 14, 6, 7, 6, 6, 7),
    ),
    "032598c1b35123fa3b3b": (None, 82, (5, 11, 7)),
    "08bd0f0c9bf9cf9deee9": (None, 154, (8, 6, 13, 12, 8, 13, 12)),
    "09674da807aa1b5d2231": (None, 58, (7, 13, 7)),
    "0b0c67f135b3a2f8b212": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "0ce0155852dc4def595b": (
        None,
        118,
        (6, 14, 3, 7, 6, 5, 5, 6, 7, 3, 14, 6, 6, 13, 7, 6, 6, 6, 7, 13, 6),
    ),
    "115ba8a81e1ecaeb9f03": (None, 142, (1, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "11f9383d10eaf5cf230c": (None, 142, (1, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "13456cf1b5cd0c6427e3": (None, 154, (8, 6, 13, 12, 8, 13, 12)),
    "13c9465782cc85386221": (None, 58, (6, 6, 6, 6)),
    "15d91f118d2e3c1159de": (None, 178, (8, 6, 13, 12, 7, 13, 10)),
    "1634ff9e8f300beaea1a": (None, 178, (0, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "17557441dbddea0e6949": (None, 58, (7, 13, 7)),
    "18ac80ef02f892f54263": (None, 142, (3, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "1b5c1576f76a96539498": (None, 58, (6, 6, 6, 6)),
    "1dba2367ef874f3af4ef": (None, 58, (6, 6, 6, 6)),
    "1fa84527d9c1737cff62": (None, 178, (0, 6, 14, 12, 7, 13, 10)),
    "1fd8775a58db52c8a685": (None, 58, (6, 9, 6)),
    "2075ab6b3c25ba48a752": (None, 58, (6, 6, 6)),
    "2251740abb056dd01bad": (None, 178, (5, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "226406ac96ad7d441eba": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "22eb31884221bd6a6f69": (None, 178, (7, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "24480faeabdf3c8cb099": (None, 58, (6, 6, 6, 6)),
    "25fd7bd53a51c8f287ed": (None, 58, (6, 6, 6)),
    "2b9d191023a958b6e6ee": (None, 154, (4, 6, 13, 12, 8, 13, 12)),
    "2d047750fbfc89883921": (None, 178, (8, 6, 14, 12, 7, 13, 10)),
    "2e51085d1569eb84713d": (None, 178, (0, 6, 13, 12, 7, 13, 10)),
    "3056ca4761d80bc1a1b8": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "30b6d76b431239ab6cc4": (None, 142, (1, 7, 14, 13, 7, 14, 13)),
    "313c3f1cf740b95ae406": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "31fa676b3d185cbea44d": (None, 142, (3, 7, 14, 13, 7, 14, 13)),
    "36af8593bf2742d41563": (None, 58, (7, 11, 7)),
    "37a1c4d8c39dea98f188": (None, 154, (8, 6, 13, 12, 8, 13, 12)),
    "3b0f338377b5fdf77f2b": (None, 178, (0, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "3cf9fddf49553e3e761c": (None, 142, (3, 7, 14, 13, 7, 14, 13)),
    "4960c30ba717b065f881": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "4a668d9cc9e063ba8859": (None, 178, (20, 6, 13, 12, 7, 13, 10)),
    "4b47b265b72ce7eeb9df": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "4b53b6fc62ef72144688": (None, 142, (1, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "4c2f279a6be372415740": (None, 142, (3, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "4e6c73ad0b2112c4e2ed": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "4f85c482b16df7849209": (None, 82, (5, 13, 7)),
    "5039a02e46d0e60d8f2e": (None, 178, (0, 6, 13, 12, 7, 13, 10)),
    "50bb69329ebba73f5aae": (None, 142, (4, 7, 14, 13, 7, 14, 13)),
    "583f374ae8b8fb412fd7": (None, 58, (6, 6)),
    "585b86aa430394164251": (None, 178, (8, 6, 14, 12, 7, 13, 10)),
    "5f37de8f75a75417dfb9": (None, 178, (6, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "5f69608550d5a923cfc2": (None, 58, (6, 11, 6)),
    "618b9fdab34b355e5171": (None, 58, (6, 15, 6, 6, 6, 5, 15, 6)),
    "67b34657b8682a2c7782": (None, 142, (3, 7, 14, 13, 7, 14, 13)),
    "6d5a4b94b244ff68f84a": (None, 58, (6, 6, 6)),
    "6ebbf15fcd8bc74c034f": (None, 142, (3, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "70d7dfc669070b83d43e": (None, 154, (4, 6, 13, 12, 8, 13, 12)),
    "71396cea0ef571352a07": (None, 58, (7, 11, 7)),
    "7236230e562f21900881": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "75a2f630c212805c91ae": (None, 142, (3, 7, 14, 13, 7, 14, 13)),
    "768ad9d7644807980dc4": (None, 178, (5, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "7833fc92a5ee3b75ac9c": (None, 70, (6, 9, 6)),
    "7973c6875063b95ef8ac": (None, 82, (6, 13, 7, 6, 5, 6, 7, 13, 6, 6, 13, 7, 6, 5, 6, 7, 13, 6)),
    "7bffc4f92c9f3c4cf143": (None, 178, (8, 6, 13, 12, 7, 13, 10)),
    "7e131599008d00654c11": (None, 154, (4, 6, 14, 12, 8, 13, 12)),
    "7ebc880158930c84f6b1": (None, 70, (6, 11, 6)),
    "84492604c10dda5ff90d": (None, 154, (8, 6, 14, 12, 8, 13, 12)),
    "85b106e4c5a6f818830d": (
        None,
        154,
        (7, 1, 17, 6, 7, 6, 3, 7, 7, 9, 6, 6, 6, 14, 6, 6, 2, 14, 6, 2, 9),
    ),
    "8bd9455a5f036f850ec7": (None, 58, (6, 6, 6)),
    "8f6481d81f0e43246cbd": (None, 178, (0, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "910791a90f325a1a78b8": (None, 154, (7, 1, 17, 6, 7, 6, 3, 7, 7, 9, 6, 6, 6, 14, 6, 9, 6)),
    "9436a5a667ed63e9cec0": (None, 154, (4, 6, 14, 12, 8, 13, 12)),
    "953e0baec8a31b4a298e": (None, 58, (6, 11, 6)),
    "95f655c2f4f29af26047": (None, 154, (6, 6, 14, 12, 8, 13, 12)),
    "9ca23a2bada5994095a0": (None, 58, (6, 6)),
    "9ec6a3ddeda9bcfc2230": (None, 58, (6, 6, 6, 6)),
    "9f790cdbb788b41a5359": (None, 178, (0, 6, 14, 12, 7, 13, 10)),
    "a07e8926916641a8eb08": (None, 178, (7, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "a39deade95cb664d8ce0": (None, 178, (20, 6, 13, 12, 7, 13, 10)),
    "a817bef011d2ccf2d14c": (None, 142, (3, 7, 14, 13, 7, 14, 13)),
    "aac67d65f7dec441ae7f": (None, 142, (3, 7, 14, 13, 7, 14, 13)),
    "ab48d682ff317911dcee": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "ae52e031e88ba6e21c6a": (None, 142, (1, 7, 14, 13, 7, 14, 13)),
    "aede719f93c1ae85f615": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "af69704beed0e4ef35cc": (None, 58, (6, 6, 5, 6, 6, 6)),
    "b0a2d67bf9612c5f7521": (None, 154, (6, 6, 13, 12, 8, 13, 12)),
    "b257fa37821de247d4ca": (None, 58, (6, 9, 6)),
    "b5d120860cc3e6aa849b": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "b700af20153fc2c3168f": (None, 178, (6, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "ba6b8453bb4439e40106": (None, 178, (0, 6, 13, 12, 7, 13, 10)),
    "ba71da3768404c1f7d94": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "bb41f8e750ec2174aa53": (None, 58, (6, 6, 6)),
    "bc596f5e0adbc64f9974": (None, 142, (1, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "bf1d62c339863d9bbfb3": (None, 154, (4, 6, 13, 12, 8, 13, 12)),
    "c0a3ae16f55120be217a": (None, 178, (0, 6, 13, 12, 7, 13, 10)),
    "c54d2167e5a5dbb42ec1": (None, 154, (4, 6, 14, 12, 8, 13, 12)),
    "c57c57ff0d24fa2d359b": (None, 58, (6, 6)),
    "c7254d8c8c1222c2eef8": (None, 70, (6, 9, 6)),
    "c81fd87252201c067ff4": (None, 70, (6, 11, 6)),
    "cb8f745f0c24d4797163": (None, 154, (6, 6, 13, 12, 8, 13, 12)),
    "cd41206c6bd74ecdfd54": (None, 142, (4, 7, 14, 13, 7, 14, 13)),
    "d0989fce79691f07bd1d": (None, 58, (6, 6, 6)),
    "d16cdaa70947926d42ea": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "d334eaa8ec6de246e0b9": (None, 178, (7, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "d634799706e98c99d010": (None, 142, (10, 7, 14, 13, 7, 14, 13)),
    "d72cc6347a3123afab63": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "dd5ef986264ec5bc5964": (None, 58, (6, 6, 6, 6)),
    "dfb9de656e00d76386e8": (None, 154, (4, 6, 13, 12, 8, 13, 12)),
    "e24de3ad9da8247bc265": (None, 58, (6, 15, 6, 6, 6, 5, 15, 6)),
    "e2b15af6d3160d65b3ed": (None, 58, (6, 6)),
    "e675ca99bba9cfdb4132": (None, 58, (6, 6, 6, 6)),
    "e8060b22f44467faaf25": (None, 58, (6, 6, 6)),
    "e9624ea690c4933a0a79": (None, 142, (1, 7, 14, 13, 7, 14, 13)),
    "ebeb55f055a3a01b8f72": (None, 154, (8, 6, 14, 12, 8, 13, 12)),
    "f0f69ffaa6e294e5dccc": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
    "f2e4857953fc1778efd0": (None, 178, (7, 7, 0, 6, 20, 7, 5, 6, 18, 7)),
    "f42ed1f118a49a83c99d": (None, 178, (20, 6, 14, 12, 7, 13, 10)),
    "fbedf9140c54c8a48b48": (None, 142, (6, 6, 1, 3, 19, 6, 6, 3, 18, 6)),
}  # end of the table
