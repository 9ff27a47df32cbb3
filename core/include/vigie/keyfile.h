/* Transitional: the key file is private to core (crypto/keyfile.h). This
 * forwarder exists only until model/pol.c moves (issue 11) and is then
 * deleted; nothing outside core/src may include it. */
#include "crypto/keyfile.h"
