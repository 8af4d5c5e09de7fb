"""Identity resolution for Indonesian person records: plain Python, no web application.

What the application calls:
- normalise.normalise_name / normalise_nik / normalise_phone / normalise_passport /
  normalise_birth_date / normalise_region / normalise_sex / phonetic_key: pure normalisers;
- keys.candidate_keys(record): the plain strings to HMAC into blind indexes for candidate lookup;
- matching.resolve(records, threshold=, backend=, model=, train=) -> Resolution (clusters, pairs,
  birth_year_conflicts()); matching.train_model(...) -> Model (save/load as JSON);
- evaluation.pairwise_scores(clusters, truth); generate.generate_records(n, seed) for tests.
"""
