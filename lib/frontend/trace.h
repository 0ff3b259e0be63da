// Whether the calling thread is inside the lambdas of a while_loop or an if_then_else being
// traced (include/sinter/control.h). Evaluation refuses to run there: the values are per
// element, and the host cannot branch on them.
#pragma once

namespace sinter::detail {

/// The innermost function being traced on this thread ("while_loop", "if_then_else"), or null.
const char* tracing_function();

}  // namespace sinter::detail
