// Devices an array can live on.
#pragma once
#include <compare>
#include <string>
#include <type_traits>

#include "sinter/export.h"

namespace sinter {

/// The kinds of device: the host CPU or an NVIDIA GPU through CUDA.
enum class DeviceKind : unsigned char { CPU, CUDA };

/// A device: the host CPU or one CUDA GPU. Cheap to copy and compare.
struct Device {
  DeviceKind kind = DeviceKind::CPU;  ///< CPU or CUDA
  int index = 0;                      ///< the GPU's number (0 for the CPU)
  /// Same kind and index.
  friend constexpr bool operator==(Device, Device) = default;
  /// "cpu" or "cuda(i)", as error messages name devices.
  std::string to_string() const {
    return kind == DeviceKind::CPU ? std::string("cpu") : "cuda(" + std::to_string(index) + ")";
  }
};

/// The host CPU (vectorized, multithreaded LLVM-compiled kernels).
constexpr Device cpu() { return Device{DeviceKind::CPU, 0}; }
/// CUDA GPU number `index` (an integer: cuda(0.5) or cuda(true) does not compile).
template <class I = int> constexpr Device cuda(I index = 0) {
  static_assert(std::is_integral_v<I> && !std::is_same_v<I, bool> && !std::is_same_v<I, char>,
                "sinter: a device number must be an integer (not a floating-point value, a bool or a character)");
  return Device{DeviceKind::CUDA, static_cast<int>(index)};
}

/// Waits until all work queued on `device` has finished. Launches on a GPU are asynchronous
/// (a host read waits by itself); CPU kernels finish before eval() returns. Throws
/// DeviceUnavailable when the device cannot be used.
SINTER_API void synchronize(Device device);

}  // namespace sinter
