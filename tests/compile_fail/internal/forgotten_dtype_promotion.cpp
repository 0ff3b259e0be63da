// A dtype added to dtypes.def without its row in promotion.def does not compile: dtype.h checks
// that the table has one row per dtype, in the catalogue's order.
// expect: promotion.def needs one row per dtype of dtypes.def
#define SINTER_TEST_FORGOTTEN_DTYPE
#define SINTER_TEST_FORGOTTEN_PROMOTION_ROW
#include "sinter/dtype.h"
