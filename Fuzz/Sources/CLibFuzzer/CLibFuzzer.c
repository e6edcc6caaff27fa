// The declaration in include/ is the whole module; libFuzzer itself comes from -sanitize=fuzzer.
#include "CLibFuzzer.h"
