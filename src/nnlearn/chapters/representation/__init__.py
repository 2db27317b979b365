"""Chapter 8, what a network can represent: the universal approximation theorem built by hand with
``nnlearn``'s own layers (:mod:`.compute`), its figures (:mod:`.figures`) and the checkers of its coding
exercises (:mod:`.exercises`)."""
