-- sample.sql - the sample shop that `shopspeak` loads into a new catalog when asked to
-- (CATALOG_OPEN_SEED_SAMPLE): groceries and household goods a family orders by voice.
--
-- For store operators: this is plain SQLite SQL, run once inside one transaction when a
-- catalog is created. Prices are integer cents (1349 = $13.49). `unit` is what one item is
-- called when spoken ("two BAGS of ..."). Aliases are the other ways people say a product,
-- written as spoken words: lowercase letters, digits, apostrophes and single spaces only.
-- A product's name is always sayable too; shopspeak derives its spoken form itself.
-- Past orders are dated relative to the moment the catalog is created, so "order it again"
-- works out of the box.


-- coffee & tea ------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (1, 'CT-001', 'Lavazza Espresso Beans', 'Lavazza', 'coffee & tea', 'bag', 1349, 24),
  (2, 'CT-002', 'Lavazza Qualità Rossa', 'Lavazza', 'coffee & tea', 'bag', 1199, 18),
  (3, 'CT-003', 'Illy Classico Ground Coffee', 'Illy', 'coffee & tea', 'can', 1599, 9),
  (4, 'CT-004', 'Nespresso Vertuo Pods', 'Nespresso', 'coffee & tea', 'box', 1095, 30),
  (5, 'CT-005', 'Starbucks Pike Place', 'Starbucks', 'coffee & tea', 'bag', 1049, 20),
  (6, 'CT-006', 'Folgers Classic Roast', 'Folgers', 'coffee & tea', 'can', 899, 14),
  (7, 'CT-007', 'Peet''s Major Dickason''s', 'Peet''s', 'coffee & tea', 'bag', 1299, 0),
  (8, 'CT-008', 'Twinings English Breakfast', 'Twinings', 'coffee & tea', 'box', 549, 25),
  (9, 'CT-009', 'Twinings Earl Grey', 'Twinings', 'coffee & tea', 'box', 549, 16),
  (10, 'CT-010', 'Pukka Three Mint Tea', 'Pukka', 'coffee & tea', 'box', 599, 12),
  (11, 'CT-011', 'Dilmah Ceylon Tea', 'Dilmah', 'coffee & tea', 'box', 499, 10),
  (12, 'CT-012', 'Yogi Bedtime Tea', 'Yogi', 'coffee & tea', 'box', 579, 11),
  (13, 'CT-013', 'Guayakí Yerba Mate', 'Guayakí', 'coffee & tea', 'can', 349, 40);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (1, 'espresso beans'), (1, 'my coffee'), (1, 'lavazza'), -- Lavazza Espresso Beans
  (2, 'qualita rossa'), (2, 'ground coffee'), -- Lavazza Qualità Rossa
  (3, 'illy coffee'), (3, 'illy'), -- Illy Classico Ground Coffee
  (4, 'coffee pods'), (4, 'nespresso pods'), (4, 'vertuo pods'), -- Nespresso Vertuo Pods
  (5, 'pike place'), (5, 'starbucks coffee'), -- Starbucks Pike Place
  (6, 'folgers'), (6, 'classic roast'), -- Folgers Classic Roast
  (7, 'major dickason''s'), (7, 'peet''s coffee'), -- Peet's Major Dickason's
  (8, 'english breakfast tea'), (8, 'black tea'), -- Twinings English Breakfast
  (9, 'earl grey'), (9, 'earl grey tea'), -- Twinings Earl Grey
  (10, 'mint tea'), (10, 'peppermint tea'), -- Pukka Three Mint Tea
  (11, 'ceylon tea'), (11, 'dilmah'), -- Dilmah Ceylon Tea
  (12, 'bedtime tea'), (12, 'sleepy tea'), -- Yogi Bedtime Tea
  (13, 'yerba mate'), (13, 'mate'); -- Guayakí Yerba Mate

-- dairy & milk alternatives -----------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (14, 'DY-001', 'Oatly Oat Milk', 'Oatly', 'dairy & milk alternatives', 'carton', 549, 30),
  (15, 'DY-002', 'Oatly Barista Edition', 'Oatly', 'dairy & milk alternatives', 'carton', 599, 12),
  (16, 'DY-003', 'Califia Almond Milk', 'Califia Farms', 'dairy & milk alternatives', 'bottle', 499, 15),
  (17, 'DY-004', 'Alpro Soya Drink', 'Alpro', 'dairy & milk alternatives', 'carton', 329, 20),
  (18, 'DY-005', 'Organic Valley Whole Milk', 'Organic Valley', 'dairy & milk alternatives', 'carton', 479, 22),
  (19, 'DY-006', 'Fairlife Two Percent Milk', 'Fairlife', 'dairy & milk alternatives', 'bottle', 449, 8),
  (20, 'DY-007', 'Lactaid Lactose Free Milk', 'Lactaid', 'dairy & milk alternatives', 'carton', 469, 10),
  (21, 'DY-008', 'Chobani Greek Yogurt', 'Chobani', 'dairy & milk alternatives', 'tub', 599, 18),
  (22, 'DY-009', 'Siggi''s Vanilla Skyr', 'Siggi''s', 'dairy & milk alternatives', 'tub', 199, 24),
  (23, 'DY-010', 'Fage Total Yogurt', 'Fage', 'dairy & milk alternatives', 'tub', 649, 0),
  (24, 'DY-011', 'Yoplait Strawberry Yogurt', 'Yoplait', 'dairy & milk alternatives', 'pack', 429, 14),
  (25, 'DY-012', 'Kerrygold Salted Butter', 'Kerrygold', 'dairy & milk alternatives', 'pack', 449, 26),
  (26, 'DY-013', 'Tillamook Sharp Cheddar', 'Tillamook', 'dairy & milk alternatives', 'block', 699, 13),
  (27, 'DY-014', 'Babybel Mini Cheeses', 'Babybel', 'dairy & milk alternatives', 'bag', 649, 17),
  (28, 'DY-015', 'Boursin Garlic and Herbs', 'Boursin', 'dairy & milk alternatives', 'pack', 599, 7),
  (29, 'DY-016', 'Daiya Dairy Free Shreds', 'Daiya', 'dairy & milk alternatives', 'bag', 549, 6),
  (30, 'DY-017', 'Yakult Probiotic Drink', 'Yakult', 'dairy & milk alternatives', 'pack', 399, 20),
  (31, 'DY-018', 'Eggland''s Best Large Eggs', 'Eggland''s Best', 'dairy & milk alternatives', 'carton', 549, 30);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (14, 'oat milk'), (14, 'oatly'), -- Oatly Oat Milk
  (15, 'barista oat milk'), (15, 'barista milk'), -- Oatly Barista Edition
  (16, 'almond milk'), -- Califia Almond Milk
  (17, 'soy milk'), (17, 'soya milk'), -- Alpro Soya Drink
  (18, 'whole milk'), (18, 'milk'), -- Organic Valley Whole Milk
  (19, 'two percent milk'), (19, 'fairlife milk'), -- Fairlife Two Percent Milk
  (20, 'lactose free milk'), (20, 'lactaid'), -- Lactaid Lactose Free Milk
  (21, 'greek yogurt'), (21, 'chobani'), -- Chobani Greek Yogurt
  (22, 'skyr'), (22, 'vanilla yogurt'), (22, 'siggi''s'), -- Siggi's Vanilla Skyr
  (23, 'fage'), (23, 'plain yogurt'), -- Fage Total Yogurt
  (24, 'strawberry yogurt'), (24, 'yoplait'), -- Yoplait Strawberry Yogurt
  (25, 'butter'), (25, 'irish butter'), (25, 'kerrygold'), -- Kerrygold Salted Butter
  (26, 'cheddar'), (26, 'sharp cheddar'), (26, 'cheese'), -- Tillamook Sharp Cheddar
  (27, 'babybel'), (27, 'mini cheeses'), -- Babybel Mini Cheeses
  (28, 'boursin'), (28, 'garlic cheese'), -- Boursin Garlic and Herbs
  (29, 'vegan cheese'), (29, 'dairy free cheese'), -- Daiya Dairy Free Shreds
  (30, 'yakult'), (30, 'probiotic drink'), -- Yakult Probiotic Drink
  (31, 'eggs'), (31, 'a dozen eggs'), (31, 'large eggs'); -- Eggland's Best Large Eggs

-- bakery ------------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (32, 'BK-001', 'Dave''s Killer Bread', 'Dave''s Killer Bread', 'bakery', 'loaf', 649, 14),
  (33, 'BK-002', 'Pepperidge Farm Sourdough', 'Pepperidge Farm', 'bakery', 'loaf', 449, 9),
  (34, 'BK-003', 'Thomas'' English Muffins', 'Thomas''', 'bakery', 'pack', 429, 15),
  (35, 'BK-004', 'Bonne Maman Croissants', 'Bonne Maman', 'bakery', 'pack', 599, 8),
  (36, 'BK-005', 'Mission Flour Tortillas', 'Mission', 'bakery', 'pack', 379, 19),
  (37, 'BK-006', 'Wonder Classic White Bread', 'Wonder', 'bakery', 'loaf', 299, 20),
  (38, 'BK-007', 'Everything Bagels', 'Store Bakery', 'bakery', 'bag', 499, 10),
  (39, 'BK-008', 'Brioche Burger Buns', 'Store Bakery', 'bakery', 'pack', 449, 12),
  (40, 'BK-009', 'Pita Pockets', 'Store Bakery', 'bakery', 'pack', 299, 0),
  (41, 'BK-010', 'Blueberry Muffins', 'Store Bakery', 'bakery', 'pack', 599, 6),
  (42, 'BK-011', 'Ciabatta Rolls', 'Store Bakery', 'bakery', 'bag', 399, 10),
  (43, 'BK-012', 'Wasa Crispbread', 'Wasa', 'bakery', 'box', 349, 11);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (32, 'killer bread'), (32, 'seeded bread'), -- Dave's Killer Bread
  (33, 'sourdough'), (33, 'sourdough bread'), -- Pepperidge Farm Sourdough
  (34, 'english muffins'), (34, 'breakfast muffins'), -- Thomas' English Muffins
  (35, 'croissants'), -- Bonne Maman Croissants
  (36, 'tortillas'), (36, 'flour tortillas'), (36, 'wraps'), -- Mission Flour Tortillas
  (37, 'white bread'), (37, 'sandwich bread'), -- Wonder Classic White Bread
  (38, 'bagels'), -- Everything Bagels
  (39, 'burger buns'), (39, 'brioche buns'), (39, 'buns'), -- Brioche Burger Buns
  (40, 'pita'), (40, 'pita bread'), -- Pita Pockets
  (41, 'muffins'), (41, 'bakery muffins'), -- Blueberry Muffins
  (42, 'ciabatta'), (42, 'rolls'), -- Ciabatta Rolls
  (43, 'crispbread'), (43, 'wasa'); -- Wasa Crispbread

-- produce -----------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (44, 'PR-001', 'Organic Bananas', '', 'produce', 'bunch', 199, 40),
  (45, 'PR-002', 'Hass Avocados', '', 'produce', 'bag', 549, 20),
  (46, 'PR-003', 'Honeycrisp Apples', '', 'produce', 'bag', 699, 18),
  (47, 'PR-004', 'Baby Spinach', 'Earthbound Farm', 'produce', 'tub', 449, 12),
  (48, 'PR-005', 'Cherry Tomatoes', '', 'produce', 'pack', 399, 16),
  (49, 'PR-006', 'Yellow Onions', '', 'produce', 'bag', 349, 25),
  (50, 'PR-007', 'Russet Potatoes', '', 'produce', 'bag', 549, 15),
  (51, 'PR-008', 'Baby Carrots', 'Bolthouse Farms', 'produce', 'bag', 199, 22),
  (52, 'PR-009', 'Seedless Grapes', '', 'produce', 'bag', 499, 0),
  (53, 'PR-010', 'Driscoll''s Blueberries', 'Driscoll''s', 'produce', 'pack', 449, 14),
  (54, 'PR-011', 'Driscoll''s Strawberries', 'Driscoll''s', 'produce', 'pack', 499, 10),
  (55, 'PR-012', 'Unwaxed Lemons', '', 'produce', 'bag', 399, 18),
  (56, 'PR-013', 'Garlic Bulbs', '', 'produce', 'pack', 249, 20);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (44, 'bananas'), (44, 'banana'), -- Organic Bananas
  (45, 'avocados'), (45, 'avocado'), -- Hass Avocados
  (46, 'apples'), (46, 'honeycrisp'), -- Honeycrisp Apples
  (47, 'spinach'), -- Baby Spinach
  (48, 'tomatoes'), (48, 'cherry toms'), -- Cherry Tomatoes
  (49, 'onions'), (49, 'onion'), -- Yellow Onions
  (50, 'potatoes'), (50, 'spuds'), -- Russet Potatoes
  (51, 'carrots'), -- Baby Carrots
  (52, 'grapes'), (52, 'red grapes'), -- Seedless Grapes
  (53, 'blueberries'), (53, 'fresh blueberries'), -- Driscoll's Blueberries
  (54, 'strawberries'), (54, 'fresh strawberries'), -- Driscoll's Strawberries
  (55, 'lemons'), (55, 'lemon'), -- Unwaxed Lemons
  (56, 'garlic'); -- Garlic Bulbs

-- pantry ------------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (57, 'PN-001', 'Barilla Spaghetti', 'Barilla', 'pantry', 'box', 199, 40),
  (58, 'PN-002', 'Barilla Penne', 'Barilla', 'pantry', 'box', 199, 35),
  (59, 'PN-003', 'De Cecco Fusilli', 'De Cecco', 'pantry', 'bag', 329, 12),
  (60, 'PN-004', 'Rao''s Marinara Sauce', 'Rao''s', 'pantry', 'jar', 899, 15),
  (61, 'PN-005', 'Mutti Tomato Passata', 'Mutti', 'pantry', 'bottle', 349, 18),
  (62, 'PN-006', 'Hellmann''s Real Mayonnaise', 'Hellmann''s', 'pantry', 'jar', 549, 20),
  (63, 'PN-007', 'Heinz Tomato Ketchup', 'Heinz', 'pantry', 'bottle', 429, 22),
  (64, 'PN-008', 'Huy Fong Sriracha', 'Huy Fong', 'pantry', 'bottle', 499, 9),
  (65, 'PN-009', 'Kikkoman Soy Sauce', 'Kikkoman', 'pantry', 'bottle', 399, 14),
  (66, 'PN-010', 'Nutella Hazelnut Spread', 'Nutella', 'pantry', 'jar', 549, 16),
  (67, 'PN-011', 'Skippy Peanut Butter', 'Skippy', 'pantry', 'jar', 399, 20),
  (68, 'PN-012', 'Maldon Sea Salt Flakes', 'Maldon', 'pantry', 'box', 699, 8),
  (69, 'PN-013', 'Colavita Olive Oil', 'Colavita', 'pantry', 'bottle', 1299, 10),
  (70, 'PN-014', 'Uncle Ben''s Jasmine Rice', 'Ben''s Original', 'pantry', 'bag', 449, 18),
  (71, 'PN-015', 'Quaker Old Fashioned Oats', 'Quaker', 'pantry', 'box', 549, 15),
  (72, 'PN-016', 'Weetabix Cereal', 'Weetabix', 'pantry', 'box', 499, 11),
  (73, 'PN-017', 'Kashi Go Cereal', 'Kashi', 'pantry', 'box', 599, 0),
  (74, 'PN-018', 'Goya Black Beans', 'Goya', 'pantry', 'can', 149, 30),
  (75, 'PN-019', 'Campbell''s Tomato Soup', 'Campbell''s', 'pantry', 'can', 179, 26);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (57, 'spaghetti'), (57, 'pasta'), -- Barilla Spaghetti
  (58, 'penne'), -- Barilla Penne
  (59, 'fusilli'), (59, 'de cecco'), -- De Cecco Fusilli
  (60, 'marinara'), (60, 'pasta sauce'), (60, 'rao''s'), -- Rao's Marinara Sauce
  (61, 'passata'), (61, 'tomato passata'), -- Mutti Tomato Passata
  (62, 'mayo'), (62, 'mayonnaise'), -- Hellmann's Real Mayonnaise
  (63, 'ketchup'), -- Heinz Tomato Ketchup
  (64, 'sriracha'), (64, 'hot sauce'), -- Huy Fong Sriracha
  (65, 'soy sauce'), -- Kikkoman Soy Sauce
  (66, 'nutella'), (66, 'chocolate spread'), -- Nutella Hazelnut Spread
  (67, 'peanut butter'), -- Skippy Peanut Butter
  (68, 'sea salt'), (68, 'salt flakes'), (68, 'maldon'), -- Maldon Sea Salt Flakes
  (69, 'olive oil'), -- Colavita Olive Oil
  (70, 'jasmine rice'), (70, 'rice'), -- Uncle Ben's Jasmine Rice
  (71, 'oats'), (71, 'oatmeal'), (71, 'porridge oats'), -- Quaker Old Fashioned Oats
  (72, 'weetabix'), -- Weetabix Cereal
  (73, 'kashi'), (73, 'kashi go'), -- Kashi Go Cereal
  (74, 'black beans'), -- Goya Black Beans
  (75, 'tomato soup'), (75, 'soup'); -- Campbell's Tomato Soup

-- snacks ------------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (76, 'SN-001', 'Lay''s Classic Chips', 'Lay''s', 'snacks', 'bag', 479, 20),
  (77, 'SN-002', 'Pringles Sour Cream', 'Pringles', 'snacks', 'can', 249, 25),
  (78, 'SN-003', 'Tostitos Tortilla Chips', 'Tostitos', 'snacks', 'bag', 549, 14),
  (79, 'SN-004', 'Cheetos Crunchy', 'Cheetos', 'snacks', 'bag', 499, 18),
  (80, 'SN-005', 'SkinnyPop Popcorn', 'SkinnyPop', 'snacks', 'bag', 449, 12),
  (81, 'SN-006', 'Kind Dark Chocolate Bars', 'Kind', 'snacks', 'box', 699, 10),
  (82, 'SN-007', 'Larabar Peanut Butter Cookie', 'Larabar', 'snacks', 'box', 749, 0),
  (83, 'SN-008', 'Clif Chocolate Chip Bars', 'Clif', 'snacks', 'box', 849, 9),
  (84, 'SN-009', 'Lindt Excellence Dark', 'Lindt', 'snacks', 'bar', 379, 30),
  (85, 'SN-010', 'Ghirardelli Caramel Squares', 'Ghirardelli', 'snacks', 'bag', 549, 8),
  (86, 'SN-011', 'Haribo Goldbears', 'Haribo', 'snacks', 'bag', 229, 28),
  (87, 'SN-012', 'Belvita Breakfast Biscuits', 'Belvita', 'snacks', 'box', 449, 13),
  (88, 'SN-013', 'Oreo Cookies', 'Oreo', 'snacks', 'pack', 499, 22),
  (89, 'SN-014', 'Blue Diamond Almonds', 'Blue Diamond', 'snacks', 'can', 599, 15);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (76, 'potato chips'), (76, 'chips'), -- Lay's Classic Chips
  (77, 'pringles'), (77, 'sour cream pringles'), -- Pringles Sour Cream
  (78, 'tortilla chips'), (78, 'tostitos'), -- Tostitos Tortilla Chips
  (79, 'cheetos'), -- Cheetos Crunchy
  (80, 'popcorn'), (80, 'skinny pop'), -- SkinnyPop Popcorn
  (81, 'kind bars'), (81, 'nut bars'), -- Kind Dark Chocolate Bars
  (82, 'larabar'), (82, 'lara bars'), -- Larabar Peanut Butter Cookie
  (83, 'clif bars'), (83, 'energy bars'), -- Clif Chocolate Chip Bars
  (84, 'dark chocolate'), (84, 'lindt'), -- Lindt Excellence Dark
  (85, 'caramel squares'), (85, 'ghirardelli'), -- Ghirardelli Caramel Squares
  (86, 'gummy bears'), (86, 'haribo'), -- Haribo Goldbears
  (87, 'breakfast biscuits'), (87, 'belvita'), -- Belvita Breakfast Biscuits
  (88, 'oreos'), (88, 'cookies'), -- Oreo Cookies
  (89, 'almonds'); -- Blue Diamond Almonds

-- beverages ---------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (90, 'BV-001', 'San Pellegrino Sparkling Water', 'San Pellegrino', 'beverages', 'pack', 699, 20),
  (91, 'BV-002', 'LaCroix Lime', 'LaCroix', 'beverages', 'pack', 599, 16),
  (92, 'BV-003', 'Poland Spring Water', 'Poland Spring', 'beverages', 'pack', 599, 30),
  (93, 'BV-004', 'Coca-Cola Classic', 'Coca-Cola', 'beverages', 'pack', 799, 24),
  (94, 'BV-005', 'Olipop Vintage Cola', 'Olipop', 'beverages', 'pack', 899, 6),
  (95, 'BV-006', 'Poppi Raspberry Rose', 'Poppi', 'beverages', 'can', 249, 12),
  (96, 'BV-007', 'Tropicana Orange Juice', 'Tropicana', 'beverages', 'carton', 499, 18),
  (97, 'BV-008', 'Gatorade Cool Blue', 'Gatorade', 'beverages', 'bottle', 199, 25),
  (98, 'BV-009', 'GT''s Synergy Kombucha', 'GT''s', 'beverages', 'bottle', 399, 10),
  (99, 'BV-010', 'Red Bull Energy Drink', 'Red Bull', 'beverages', 'pack', 899, 14),
  (100, 'BV-011', 'Ocean Spray Cranberry Juice', 'Ocean Spray', 'beverages', 'bottle', 449, 0),
  (101, 'BV-012', 'Huel Black Edition', 'Huel', 'beverages', 'bag', 4500, 4);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (90, 'sparkling water'), (90, 'pellegrino'), -- San Pellegrino Sparkling Water
  (91, 'lacroix'), (91, 'lime seltzer'), -- LaCroix Lime
  (92, 'water'), (92, 'bottled water'), -- Poland Spring Water
  (93, 'coke'), (93, 'coca cola'), -- Coca-Cola Classic
  (94, 'olipop'), (94, 'healthy soda'), -- Olipop Vintage Cola
  (95, 'poppi'), -- Poppi Raspberry Rose
  (96, 'orange juice'), (96, 'oj'), -- Tropicana Orange Juice
  (97, 'gatorade'), (97, 'sports drink'), -- Gatorade Cool Blue
  (98, 'kombucha'), -- GT's Synergy Kombucha
  (99, 'red bull'), (99, 'energy drink'), -- Red Bull Energy Drink
  (100, 'cranberry juice'), -- Ocean Spray Cranberry Juice
  (101, 'huel'), (101, 'meal shake'); -- Huel Black Edition

-- frozen ------------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (102, 'FZ-001', 'Half Baked Ice Cream', 'Ben & Jerry''s', 'frozen', 'tub', 599, 10),
  (103, 'FZ-002', 'Talenti Sea Salt Caramel', 'Talenti', 'frozen', 'jar', 599, 8),
  (104, 'FZ-003', 'Häagen-Dazs Vanilla', 'Häagen-Dazs', 'frozen', 'tub', 599, 9),
  (105, 'FZ-004', 'DiGiorno Pepperoni Pizza', 'DiGiorno', 'frozen', 'box', 799, 12),
  (106, 'FZ-005', 'Dr. Oetker Margherita', 'Dr. Oetker', 'frozen', 'box', 549, 0),
  (107, 'FZ-006', 'Eggo Homestyle Waffles', 'Eggo', 'frozen', 'box', 399, 16),
  (108, 'FZ-007', 'Quorn Meatless Nuggets', 'Quorn', 'frozen', 'bag', 649, 7),
  (109, 'FZ-008', 'Birds Eye Sweet Peas', 'Birds Eye', 'frozen', 'bag', 249, 20),
  (110, 'FZ-009', 'Amy''s Bean Burrito', 'Amy''s', 'frozen', 'pack', 349, 14),
  (111, 'FZ-010', 'Frozen Mango Chunks', 'Dole', 'frozen', 'bag', 499, 11),
  (112, 'FZ-011', 'Ore-Ida Golden Fries', 'Ore-Ida', 'frozen', 'bag', 499, 13),
  (113, 'FZ-012', 'Gorton''s Fish Sticks', 'Gorton''s', 'frozen', 'box', 649, 9);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (102, 'half baked'), (102, 'ben and jerry''s'), -- Half Baked Ice Cream
  (103, 'gelato'), (103, 'talenti'), -- Talenti Sea Salt Caramel
  (104, 'vanilla ice cream'), (104, 'ice cream'), -- Häagen-Dazs Vanilla
  (105, 'pepperoni pizza'), (105, 'frozen pizza'), (105, 'pizza'), -- DiGiorno Pepperoni Pizza
  (106, 'margherita pizza'), (106, 'oetker pizza'), -- Dr. Oetker Margherita
  (107, 'waffles'), (107, 'eggo waffles'), -- Eggo Homestyle Waffles
  (108, 'vegetarian nuggets'), (108, 'quorn'), -- Quorn Meatless Nuggets
  (109, 'frozen peas'), (109, 'peas'), -- Birds Eye Sweet Peas
  (110, 'burrito'), (110, 'frozen burrito'), -- Amy's Bean Burrito
  (111, 'mango'), (111, 'frozen mango'), -- Frozen Mango Chunks
  (112, 'fries'), (112, 'french fries'), (112, 'oven chips'), -- Ore-Ida Golden Fries
  (113, 'fish sticks'), (113, 'fish fingers'); -- Gorton's Fish Sticks

-- cleaning ----------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (114, 'CL-001', 'Ecover Dish Soap', 'Ecover', 'cleaning', 'bottle', 449, 15),
  (115, 'CL-002', 'Dawn Ultra Dish Soap', 'Dawn', 'cleaning', 'bottle', 399, 20),
  (116, 'CL-003', 'Seventh Generation Laundry Detergent', 'Seventh Generation', 'cleaning', 'bottle', 1399, 10),
  (117, 'CL-004', 'Persil Discs', 'Persil', 'cleaning', 'pack', 1599, 0),
  (118, 'CL-005', 'Tide Original Liquid', 'Tide', 'cleaning', 'bottle', 1299, 12),
  (119, 'CL-006', 'Finish Quantum Tablets', 'Finish', 'cleaning', 'box', 1699, 9),
  (120, 'CL-007', 'Method All Purpose Cleaner', 'Method', 'cleaning', 'bottle', 449, 14),
  (121, 'CL-008', 'Mrs. Meyer''s Hand Soap', 'Mrs. Meyer''s', 'cleaning', 'bottle', 499, 11),
  (122, 'CL-009', 'Clorox Disinfecting Wipes', 'Clorox', 'cleaning', 'pack', 599, 18),
  (123, 'CL-010', 'Swiffer Sweeper Refills', 'Swiffer', 'cleaning', 'box', 899, 8),
  (124, 'CL-011', 'Febreze Air Freshener', 'Febreze', 'cleaning', 'can', 449, 13),
  (125, 'CL-012', 'Dettol Antibacterial Spray', 'Dettol', 'cleaning', 'bottle', 549, 10),
  (126, 'CL-013', 'Ziploc Freezer Bags', 'Ziploc', 'cleaning', 'box', 549, 16),
  (127, 'CL-014', 'Glad Trash Bags', 'Glad', 'cleaning', 'box', 1299, 14);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (114, 'dish soap'), (114, 'washing up liquid'), -- Ecover Dish Soap
  (115, 'dawn'), -- Dawn Ultra Dish Soap
  (116, 'laundry detergent'), (116, 'eco detergent'), -- Seventh Generation Laundry Detergent
  (117, 'persil'), (117, 'laundry pods'), -- Persil Discs
  (118, 'tide'), -- Tide Original Liquid
  (119, 'dishwasher tablets'), (119, 'dishwasher pods'), -- Finish Quantum Tablets
  (120, 'all purpose cleaner'), (120, 'kitchen spray'), -- Method All Purpose Cleaner
  (121, 'hand soap'), (121, 'lavender soap'), -- Mrs. Meyer's Hand Soap
  (122, 'disinfecting wipes'), (122, 'clorox wipes'), -- Clorox Disinfecting Wipes
  (123, 'swiffer refills'), (123, 'swiffer'), -- Swiffer Sweeper Refills
  (124, 'air freshener'), (124, 'febreze'), -- Febreze Air Freshener
  (125, 'antibacterial spray'), (125, 'dettol'), -- Dettol Antibacterial Spray
  (126, 'freezer bags'), (126, 'ziploc bags'), -- Ziploc Freezer Bags
  (127, 'trash bags'), (127, 'bin bags'), (127, 'garbage bags'); -- Glad Trash Bags

-- personal care -----------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (128, 'PC-001', 'Colgate Total Toothpaste', 'Colgate', 'personal care', 'tube', 449, 20),
  (129, 'PC-002', 'Sensodyne Pronamel', 'Sensodyne', 'personal care', 'tube', 699, 12),
  (130, 'PC-003', 'Aquafresh Triple Protection', 'Aquafresh', 'personal care', 'tube', 329, 0),
  (131, 'PC-004', 'Oral-B Floss Picks', 'Oral-B', 'personal care', 'pack', 399, 15),
  (132, 'PC-005', 'CeraVe Moisturizing Cream', 'CeraVe', 'personal care', 'tub', 1799, 9),
  (133, 'PC-006', 'Aveeno Daily Lotion', 'Aveeno', 'personal care', 'bottle', 1099, 11),
  (134, 'PC-007', 'Nivea Soft Cream', 'Nivea', 'personal care', 'jar', 699, 10),
  (135, 'PC-008', 'Dove Body Wash', 'Dove', 'personal care', 'bottle', 899, 16),
  (136, 'PC-009', 'Head & Shoulders Shampoo', 'Head & Shoulders', 'personal care', 'bottle', 799, 14),
  (137, 'PC-010', 'Pantene Conditioner', 'Pantene', 'personal care', 'bottle', 699, 12),
  (138, 'PC-011', 'Gillette Fusion Blades', 'Gillette', 'personal care', 'pack', 2499, 6),
  (139, 'PC-012', 'Dr. Bronner''s Castile Soap', 'Dr. Bronner''s', 'personal care', 'bottle', 1199, 8),
  (140, 'PC-013', 'Burt''s Bees Lip Balm', 'Burt''s Bees', 'personal care', 'pack', 899, 20),
  (141, 'PC-014', 'Native Deodorant', 'Native', 'personal care', 'stick', 1299, 10);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (128, 'toothpaste'), -- Colgate Total Toothpaste
  (129, 'sensodyne'), (129, 'sensitive toothpaste'), -- Sensodyne Pronamel
  (130, 'aquafresh'), -- Aquafresh Triple Protection
  (131, 'floss picks'), (131, 'floss'), -- Oral-B Floss Picks
  (132, 'moisturizer'), (132, 'cerave'), (132, 'face cream'), -- CeraVe Moisturizing Cream
  (133, 'body lotion'), (133, 'aveeno'), -- Aveeno Daily Lotion
  (134, 'nivea'), (134, 'hand cream'), -- Nivea Soft Cream
  (135, 'body wash'), (135, 'shower gel'), -- Dove Body Wash
  (136, 'shampoo'), (136, 'dandruff shampoo'), -- Head & Shoulders Shampoo
  (137, 'conditioner'), -- Pantene Conditioner
  (138, 'razor blades'), (138, 'blades'), -- Gillette Fusion Blades
  (139, 'castile soap'), (139, 'bronner''s'), -- Dr. Bronner's Castile Soap
  (140, 'lip balm'), (140, 'chapstick'), -- Burt's Bees Lip Balm
  (141, 'deodorant'); -- Native Deodorant

-- baby --------------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (142, 'BB-001', 'Pampers Swaddlers Size 2', 'Pampers', 'baby', 'pack', 2799, 8),
  (143, 'BB-002', 'Huggies Little Movers', 'Huggies', 'baby', 'pack', 2699, 6),
  (144, 'BB-003', 'WaterWipes Baby Wipes', 'WaterWipes', 'baby', 'pack', 1199, 14),
  (145, 'BB-004', 'Kendamil First Infant Milk', 'Kendamil', 'baby', 'tub', 3499, 5),
  (146, 'BB-005', 'Aptamil First Milk', 'Aptamil', 'baby', 'tub', 3299, 0),
  (147, 'BB-006', 'Gerber Rice Cereal', 'Gerber', 'baby', 'box', 429, 10),
  (148, 'BB-007', 'Ella''s Kitchen Fruit Pouches', 'Ella''s Kitchen', 'baby', 'pack', 899, 12),
  (149, 'BB-008', 'Aquaphor Baby Ointment', 'Aquaphor', 'baby', 'tube', 899, 9),
  (150, 'BB-009', 'Desitin Rash Cream', 'Desitin', 'baby', 'tube', 799, 7),
  (151, 'BB-010', 'Johnson''s Baby Shampoo', 'Johnson''s', 'baby', 'bottle', 599, 11),
  (152, 'BB-011', 'Happy Baby Puffs', 'Happy Baby', 'baby', 'can', 399, 15);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (142, 'diapers'), (142, 'nappies'), (142, 'pampers'), -- Pampers Swaddlers Size 2
  (143, 'huggies'), -- Huggies Little Movers
  (144, 'baby wipes'), (144, 'wipes'), (144, 'water wipes'), -- WaterWipes Baby Wipes
  (145, 'formula'), (145, 'infant formula'), (145, 'kendamil'), -- Kendamil First Infant Milk
  (146, 'aptamil'), -- Aptamil First Milk
  (147, 'baby cereal'), (147, 'rice cereal'), -- Gerber Rice Cereal
  (148, 'fruit pouches'), (148, 'baby food'), -- Ella's Kitchen Fruit Pouches
  (149, 'diaper cream'), (149, 'aquaphor'), -- Aquaphor Baby Ointment
  (150, 'rash cream'), (150, 'desitin'), -- Desitin Rash Cream
  (151, 'baby shampoo'), -- Johnson's Baby Shampoo
  (152, 'puffs'), (152, 'baby puffs'); -- Happy Baby Puffs

-- pet ---------------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (153, 'PT-001', 'Purina Pro Plan', 'Purina', 'pet', 'bag', 5499, 6),
  (154, 'PT-002', 'Blue Buffalo Puppy Food', 'Blue Buffalo', 'pet', 'bag', 4999, 0),
  (155, 'PT-003', 'Pedigree Dentastix', 'Pedigree', 'pet', 'pack', 1499, 12),
  (156, 'PT-004', 'Greenies Dental Treats', 'Greenies', 'pet', 'pack', 1899, 9),
  (157, 'PT-005', 'Milk-Bone Dog Biscuits', 'Milk-Bone', 'pet', 'box', 699, 14),
  (158, 'PT-006', 'Whiskas Wet Cat Food', 'Whiskas', 'pet', 'pack', 1099, 15),
  (159, 'PT-007', 'Friskies Seafood Sensations', 'Friskies', 'pet', 'bag', 899, 10),
  (160, 'PT-008', 'Temptations Cat Treats', 'Temptations', 'pet', 'pouch', 499, 18),
  (161, 'PT-009', 'Tidy Cats Clumping Litter', 'Tidy Cats', 'pet', 'box', 1599, 8),
  (162, 'PT-010', 'Sheba Perfect Portions', 'Sheba', 'pet', 'pack', 799, 12),
  (163, 'PT-011', 'Nylabone Chew Toy', 'Nylabone', 'pet', 'pack', 999, 7);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (153, 'dog food'), (153, 'pro plan'), -- Purina Pro Plan
  (154, 'puppy food'), -- Blue Buffalo Puppy Food
  (155, 'dentastix'), (155, 'dog chews'), -- Pedigree Dentastix
  (156, 'greenies'), (156, 'dental treats'), -- Greenies Dental Treats
  (157, 'dog biscuits'), (157, 'milk bones'), (157, 'dog treats'), -- Milk-Bone Dog Biscuits
  (158, 'cat food'), (158, 'whiskas'), -- Whiskas Wet Cat Food
  (159, 'dry cat food'), (159, 'friskies'), -- Friskies Seafood Sensations
  (160, 'cat treats'), -- Temptations Cat Treats
  (161, 'cat litter'), (161, 'kitty litter'), (161, 'litter'), -- Tidy Cats Clumping Litter
  (162, 'sheba'), -- Sheba Perfect Portions
  (163, 'chew toy'), (163, 'dog toy'); -- Nylabone Chew Toy

-- paper goods -------------------------------------------------------------------------------
INSERT INTO products (id, sku, name, brand, category, unit, price_cents, stock) VALUES
  (164, 'PG-001', 'Bounty Paper Towels', 'Bounty', 'paper goods', 'pack', 2199, 14),
  (165, 'PG-002', 'Charmin Ultra Soft', 'Charmin', 'paper goods', 'pack', 2499, 12),
  (166, 'PG-003', 'Cottonelle Clean Care', 'Cottonelle', 'paper goods', 'pack', 2299, 0),
  (167, 'PG-004', 'Kleenex Tissues', 'Kleenex', 'paper goods', 'box', 249, 30),
  (168, 'PG-005', 'Seventh Generation Toilet Paper', 'Seventh Generation', 'paper goods', 'pack', 1899, 9),
  (169, 'PG-006', 'Scott Paper Napkins', 'Scott', 'paper goods', 'pack', 399, 16),
  (170, 'PG-007', 'Dixie Paper Plates', 'Dixie', 'paper goods', 'pack', 699, 11),
  (171, 'PG-008', 'Reynolds Aluminum Foil', 'Reynolds', 'paper goods', 'roll', 649, 13),
  (172, 'PG-009', 'Glad Cling Wrap', 'Glad', 'paper goods', 'roll', 399, 10),
  (173, 'PG-010', 'Unbleached Parchment Paper', 'If You Care', 'paper goods', 'roll', 549, 8),
  (174, 'PG-011', 'Solo Party Cups', 'Solo', 'paper goods', 'pack', 599, 12);
INSERT INTO product_aliases (product_id, phrase) VALUES
  (164, 'paper towels'), (164, 'kitchen roll'), (164, 'bounty'), -- Bounty Paper Towels
  (165, 'toilet paper'), (165, 'charmin'), (165, 'loo roll'), -- Charmin Ultra Soft
  (166, 'cottonelle'), -- Cottonelle Clean Care
  (167, 'tissues'), (167, 'kleenex'), -- Kleenex Tissues
  (168, 'recycled toilet paper'), (168, 'eco toilet paper'), -- Seventh Generation Toilet Paper
  (169, 'napkins'), (169, 'paper napkins'), -- Scott Paper Napkins
  (170, 'paper plates'), -- Dixie Paper Plates
  (171, 'foil'), (171, 'aluminum foil'), (171, 'tin foil'), -- Reynolds Aluminum Foil
  (172, 'cling wrap'), (172, 'cling film'), (172, 'plastic wrap'), -- Glad Cling Wrap
  (173, 'parchment paper'), (173, 'baking paper'), -- Unbleached Parchment Paper
  (174, 'party cups'), (174, 'red cups'); -- Solo Party Cups

-- past orders -----------------------------------------------------------------------------
-- placed_at is ISO 8601 UTC; status is placed, delivered or cancelled.
INSERT INTO orders (id, idempotency_key, placed_at, status, total_cents) VALUES
  (1, 'sample-order-1', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-41 days', '-9 hours'), 'delivered', 5895),
  (2, 'sample-order-2', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-34 days', '-18 hours'), 'delivered', 2694),
  (3, 'sample-order-3', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-27 days', '-10 hours'), 'delivered', 6133),
  (4, 'sample-order-4', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-21 days', '-20 hours'), 'cancelled', 2147),
  (5, 'sample-order-5', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-20 days', '-11 hours'), 'delivered', 4696),
  (6, 'sample-order-6', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-13 days', '-8 hours'), 'delivered', 6291),
  (7, 'sample-order-7', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days', '-19 hours'), 'delivered', 5646),
  (8, 'sample-order-8', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-6 days', '-9 hours'), 'delivered', 2992),
  (9, 'sample-order-9', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days', '-17 hours'), 'placed', 2006);
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES
  (1, 1, 2, 1299), -- 2 bags of Lavazza Espresso Beans at $12.99
  (1, 14, 2, 549), -- 2 cartons of Oatly Oat Milk at $5.49
  (1, 164, 1, 2199), -- 1 pack of Bounty Paper Towels at $21.99
  (2, 25, 1, 449), -- 1 pack of Kerrygold Salted Butter at $4.49
  (2, 32, 2, 649), -- 2 loafs of Dave's Killer Bread at $6.49
  (2, 44, 2, 199), -- 2 bunches of Organic Bananas at $1.99
  (2, 31, 1, 549), -- 1 carton of Eggland's Best Large Eggs at $5.49
  (3, 114, 1, 449), -- 1 bottle of Ecover Dish Soap at $4.49
  (3, 165, 1, 2399), -- 1 pack of Charmin Ultra Soft at $23.99
  (3, 4, 3, 1095), -- 3 boxes of Nespresso Vertuo Pods at $10.95
  (4, 105, 2, 799), -- 2 boxes of DiGiorno Pepperoni Pizza at $7.99
  (4, 78, 1, 549), -- 1 bag of Tostitos Tortilla Chips at $5.49
  (5, 158, 2, 1099), -- 2 packs of Whiskas Wet Cat Food at $10.99
  (5, 161, 1, 1599), -- 1 box of Tidy Cats Clumping Litter at $15.99
  (5, 60, 1, 899), -- 1 jar of Rao's Marinara Sauce at $8.99
  (6, 1, 2, 1349), -- 2 bags of Lavazza Espresso Beans at $13.49
  (6, 21, 2, 599), -- 2 tubs of Chobani Greek Yogurt at $5.99
  (6, 57, 3, 199), -- 3 boxes of Barilla Spaghetti at $1.99
  (6, 60, 2, 899), -- 2 jars of Rao's Marinara Sauce at $8.99
  (7, 142, 1, 2799), -- 1 pack of Pampers Swaddlers Size 2 at $27.99
  (7, 144, 2, 1199), -- 2 packs of WaterWipes Baby Wipes at $11.99
  (7, 128, 1, 449), -- 1 tube of Colgate Total Toothpaste at $4.49
  (8, 14, 3, 549), -- 3 cartons of Oatly Oat Milk at $5.49
  (8, 22, 4, 199), -- 4 tubs of Siggi's Vanilla Skyr at $1.99
  (8, 45, 1, 549), -- 1 bag of Hass Avocados at $5.49
  (9, 8, 1, 549), -- 1 box of Twinings English Breakfast at $5.49
  (9, 84, 2, 379), -- 2 bars of Lindt Excellence Dark at $3.79
  (9, 90, 1, 699); -- 1 pack of San Pellegrino Sparkling Water at $6.99
