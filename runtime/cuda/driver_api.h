// The CUDA driver API as one table of function pointers, filled by dlsym from libcuda.so.1 at
// first use. This file lists every driver entry point sinter uses; nothing else names libcuda.
// The few CUDA types and constants needed are declared here: no CUDA header is included.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

// The driver's stream type at global scope, as cuda.h declares it (and as sinter/stream.h names
// it for Stream::wrap): one type, so the application's cudaStream_t or CUstream passes as is.
struct CUstream_st;

namespace sinter::gpu {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st*;
using CUstream = ::CUstream_st*;
using CUevent = struct CUevent_st*;
using CUmodule = struct CUmod_st*;
using CUfunction = struct CUfunc_st*;

inline constexpr CUresult kCudaSuccess = 0;
inline constexpr CUresult kCudaErrorOutOfMemory = 2;
inline constexpr CUresult kCudaErrorDeinitialized = 4;
inline constexpr int kAttributeMultiprocessorCount = 16;
inline constexpr int kAttributeComputeCapabilityMajor = 75;
inline constexpr int kAttributeComputeCapabilityMinor = 76;
inline constexpr unsigned int kStreamNonBlocking = 1;
inline constexpr int kPointerAttributeMemoryType = 2;     // CU_POINTER_ATTRIBUTE_MEMORY_TYPE
inline constexpr int kPointerAttributeDeviceOrdinal = 9;  // CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
inline constexpr unsigned int kMemoryTypeHost = 1;        // CU_MEMORYTYPE_HOST
inline constexpr unsigned int kEventDisableTiming = 2;
inline constexpr int kAttributeSharedMemoryPerMultiprocessor =
    81;                                                  // CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
inline constexpr int kFunctionAttributeSharedBytes = 1;  // CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES
inline constexpr int kFunctionAttributePreferredCarveout = 9;  // CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT

// X(field, exported symbol, parameter list). Every function returns CUresult. Versioned symbols
// (_v2) are the ones cuda.h maps the plain names to; the legacy default-stream variants are
// used because sinter always passes its own stream.
#define SINTER_CUDA_DRIVER_FUNCTIONS(X)                                                                         \
  X(cuInit, "cuInit", (unsigned int flags))                                                                     \
  X(cuDriverGetVersion, "cuDriverGetVersion", (int* version))                                                   \
  X(cuGetErrorName, "cuGetErrorName", (CUresult error, const char** name))                                      \
  X(cuGetErrorString, "cuGetErrorString", (CUresult error, const char** text))                                  \
  X(cuDeviceGetCount, "cuDeviceGetCount", (int* count))                                                         \
  X(cuDeviceGet, "cuDeviceGet", (CUdevice * device, int ordinal))                                               \
  X(cuDeviceGetName, "cuDeviceGetName", (char* name, int length, CUdevice device))                              \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", (int* value, int attribute, CUdevice device))                 \
  X(cuDeviceTotalMem, "cuDeviceTotalMem_v2", (std::size_t * bytes, CUdevice device))                            \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", (CUcontext * context, CUdevice device))               \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", (CUdevice device))                               \
  X(cuCtxSetCurrent, "cuCtxSetCurrent", (CUcontext context))                                                    \
  X(cuCtxSynchronize, "cuCtxSynchronize", ())                                                                   \
  X(cuStreamCreate, "cuStreamCreate", (CUstream * stream, unsigned int flags))                                  \
  X(cuStreamDestroy, "cuStreamDestroy_v2", (CUstream stream))                                                   \
  X(cuStreamSynchronize, "cuStreamSynchronize", (CUstream stream))                                              \
  X(cuStreamGetCtx, "cuStreamGetCtx", (CUstream stream, CUcontext * context))                                   \
  X(cuStreamWaitEvent, "cuStreamWaitEvent", (CUstream stream, CUevent event, unsigned int flags))               \
  X(cuEventCreate, "cuEventCreate", (CUevent * event, unsigned int flags))                                      \
  X(cuEventRecord, "cuEventRecord", (CUevent event, CUstream stream))                                           \
  X(cuEventSynchronize, "cuEventSynchronize", (CUevent event))                                                  \
  X(cuEventDestroy, "cuEventDestroy_v2", (CUevent event))                                                       \
  X(cuMemAlloc, "cuMemAlloc_v2", (CUdeviceptr * pointer, std::size_t bytes))                                    \
  X(cuMemFree, "cuMemFree_v2", (CUdeviceptr pointer))                                                           \
  X(cuMemGetInfo, "cuMemGetInfo_v2", (std::size_t * free_bytes, std::size_t * total_bytes))                     \
  X(cuPointerGetAttribute, "cuPointerGetAttribute", (void* value, int attribute, CUdeviceptr pointer))          \
  X(cuMemAllocHost, "cuMemAllocHost_v2", (void** pointer, std::size_t bytes))                                   \
  X(cuMemFreeHost, "cuMemFreeHost", (void* pointer))                                                            \
  X(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2",                                                                  \
    (CUdeviceptr destination, const void* source, std::size_t bytes, CUstream stream))                          \
  X(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2",                                                                  \
    (void* destination, CUdeviceptr source, std::size_t bytes, CUstream stream))                                \
  X(cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2",                                                                  \
    (CUdeviceptr destination, CUdeviceptr source, std::size_t bytes, CUstream stream))                          \
  X(cuMemsetD32Async, "cuMemsetD32Async",                                                                       \
    (CUdeviceptr destination, unsigned int value, std::size_t count, CUstream stream))                          \
  X(cuModuleLoadData, "cuModuleLoadData", (CUmodule * module, const void* image))                               \
  X(cuModuleUnload, "cuModuleUnload", (CUmodule module))                                                        \
  X(cuModuleGetFunction, "cuModuleGetFunction", (CUfunction * function, CUmodule module, const char* name))     \
  X(cuFuncGetAttribute, "cuFuncGetAttribute", (int* value, int attribute, CUfunction function))                 \
  X(cuFuncSetAttribute, "cuFuncSetAttribute", (CUfunction function, int attribute, int value))                  \
  X(cuOccupancyMaxActiveBlocksPerMultiprocessor, "cuOccupancyMaxActiveBlocksPerMultiprocessor",                 \
    (int* blocks, CUfunction function, int block_size, std::size_t dynamic_shared_bytes))                       \
  X(cuLaunchKernel, "cuLaunchKernel",                                                                           \
    (CUfunction function, unsigned int grid_x, unsigned int grid_y, unsigned int grid_z, unsigned int block_x,  \
     unsigned int block_y, unsigned int block_z, unsigned int shared_bytes, CUstream stream, void** parameters, \
     void** extra))

/// The loaded driver: one pointer per entry point, named as in cuda.h without the version suffix.
struct DriverApi {
#define SINTER_DECLARE_DRIVER_FUNCTION(field, symbol, parameters) CUresult(*field) parameters = nullptr;
  SINTER_CUDA_DRIVER_FUNCTIONS(SINTER_DECLARE_DRIVER_FUNCTION)
#undef SINTER_DECLARE_DRIVER_FUNCTION
  // Optional (benchmarks and diagnostics; null when the driver lacks both symbols):
  // cuEventElapsedTime_v2, else the original cuEventElapsedTime.
  CUresult (*cuEventElapsedTime)(float* milliseconds, CUevent start, CUevent end) = nullptr;
  int driver_version = 0;    // e.g. 13000 for CUDA 13.0
  std::string library_path;  // the libcuda that was loaded
};

/// The driver, loaded and initialised (cuInit) once per process. Throws DeviceUnavailable saying
/// why it cannot be used: no driver library, a library lacking an entry point, or cuInit failing.
const DriverApi& driver_api();

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)", or the bare number when the driver cannot say.
std::string cuda_error_text(CUresult result);

/// Out of line so that check_cuda's success path stays one compare.
[[noreturn]] void throw_cuda_error(CUresult result, const char* call, std::string_view context);

/// Throws DeviceError "<context>: <call> failed: <error text>" unless `result` is success.
inline void check_cuda(CUresult result, const char* call, std::string_view context) {
  if (result != kCudaSuccess) throw_cuda_error(result, call, context);
}

/// "13.0" from 13000.
std::string cuda_version_text(int version);

}  // namespace sinter::gpu
