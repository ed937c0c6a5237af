"""The conversation: a reflection session, its follow-up questions and summary, pair
sessions, and the evaluations that measure them."""
