"""The sign-in pipeline: ``pipeline.py`` lists every flow, challenge and step in order;
``attempt.py`` holds one sign-in and the steps every flow shares."""
