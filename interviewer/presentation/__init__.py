"""One view model of feedback (`FeedbackView`), rendered thinly as terminal text, Markdown or widgets."""
