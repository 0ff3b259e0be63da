// Public device functions that reach a backend.
#include "sinter/device.h"
#include "backend.h"

namespace sinter {

void synchronize(Device device) { backend_for(device).synchronize(); }

}  // namespace sinter
