// The start-up floor: what any Swift executable costs to start on this machine.
print("hello, world")
