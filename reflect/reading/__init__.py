"""Reading what a person wrote: sections and sentences, commitments, salient phrases,
the lesson sentence, and the quality gate on the questions asked of it."""
