"""Product-page understanding: what a shopper sees on a product page (title, price, currency,
availability, SKU, brand, main image, the add-to-cart control).

One module per job: `schema` (the pydantic result), `money` (prices and currencies with the
page's locale), `rules` (the multilingual YAML rules), `structured` (JSON-LD, microdata,
OpenGraph through extruct), `candidates` (elements that could be the price, with the features a
person uses), `ranker` (the learned price ranker), `extract` (the decisions), `live` (the visual
features from a real browser in one script). Nothing here imports training code.
"""
