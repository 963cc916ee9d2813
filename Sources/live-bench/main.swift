print("live-bench: not written yet")
