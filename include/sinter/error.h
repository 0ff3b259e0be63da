// The exceptions sinter throws. Every message names the shapes, dtypes, devices or values involved.
#pragma once
#include <stdexcept>
#include <string>

#include "sinter/export.h"

namespace sinter {

/// Root of everything sinter throws.
class SINTER_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Operands whose shapes cannot be combined, or a shape that is invalid for the call.
class SINTER_API ShapeError : public Error {
 public:
  using Error::Error;
};
/// An operation applied to an element type it does not support.
class SINTER_API DTypeError : public Error {
 public:
  using Error::Error;
};
/// An index outside an array's bounds.
class SINTER_API IndexError : public Error {
 public:
  using Error::Error;
};
/// Arrays of different devices in one expression, or a device that is not usable.
class SINTER_API DeviceError : public Error {
 public:
  using Error::Error;
};
/// The requested device is not present or its driver cannot be loaded (the message says why).
class SINTER_API DeviceUnavailable : public DeviceError {
 public:
  using DeviceError::DeviceError;
};
/// A generated kernel failed to compile; the message carries the compiler's log.
class SINTER_API CompileError : public Error {
 public:
  using Error::Error;
};
/// An allocation failed; the message gives requested and available bytes.
class SINTER_API OutOfMemory : public Error {
 public:
  using Error::Error;
};
/// An argument whose value is invalid for the call (a zero step, a non-finite bound).
class SINTER_API ValueError : public Error {
 public:
  using Error::Error;
};
/// An environment variable or option has an invalid value.
class SINTER_API ConfigError : public Error {
 public:
  using Error::Error;
};
/// Use of an Array handle that holds nothing (default-constructed or moved-from).
class SINTER_API EmptyArrayError : public Error {
 public:
  using Error::Error;
};

/// A formula string (formula.h) that does not parse or does not type: the message shows the
/// formula with a caret under the offending column and says what was expected.
class SINTER_API ParseError : public Error {
 public:
  using Error::Error;
};

/// A bug in sinter: an internal invariant did not hold (an op a backend does not handle, a
/// malformed kernel). Please report it with its message.
class SINTER_API InternalError : public Error {
 public:
  /// `what`, prefixed with a request to report the bug.
  explicit InternalError(const std::string& what)
      : Error("internal error, a bug in sinter (please report it with this message): " + what) {}
};

}  // namespace sinter
