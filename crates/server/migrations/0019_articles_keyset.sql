-- Teaser pages by keyset ("Voir plus" asks for what comes after the last one shown): the
-- newest-first order is (published_at, slug) descending, read backwards from this index, so a
-- page deep in a long list costs what the first one does.
CREATE INDEX articles_keyset ON articles (site_id, published_at, slug);
