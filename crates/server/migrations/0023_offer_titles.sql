-- Each variant's card title, what readers see ("Intégral annuel"); `offers.name` stays the
-- marketers' internal name ("Offre de Noël"). Until now readers saw the name, so that is the
-- title of the variants already published.
ALTER TABLE offer_variants ADD COLUMN title TEXT NOT NULL DEFAULT '';
UPDATE offer_variants SET title = (
    SELECT o.name FROM offers o
    WHERE o.site_id = offer_variants.site_id AND o.id = offer_variants.offer_id
);
