print("openrsp")
