-- Nothing looks materials up by key across matters (bundles merge per member), and at 50,000 matters
-- the index cost a fifth of the material writes.
DROP INDEX cat_material_key;
