/**
 * The runtime layer under the cuda backend: thin wrappers over the CUDA runtime and driver API
 * (JavaCPP presets), plus the status checks of cuDNN and cuBLAS, that know nothing of the model;
 * {@code org.rnn4j.cuda} builds its handles, descriptors and operations on them.
 *
 * <ul>
 *   <li>Loading and probing: {@link org.rnn4j.cuda.runtime.CudaLibraries} (presets, driver,
 *       cuDNN and cuBLAS present, why not), {@link org.rnn4j.cuda.runtime.CudaDevice} (one GPU,
 *       made current per thread, its free and total memory).
 *   <li>Memory: {@link org.rnn4j.cuda.runtime.DeviceBuffer} (owned {@code cudaMalloc} memory),
 *       {@link org.rnn4j.cuda.runtime.PinnedBuffer} (page-locked host memory),
 *       {@link org.rnn4j.cuda.runtime.DevicePointer} (a non-owning view of either) and
 *       {@link org.rnn4j.cuda.runtime.Transfers} (blocking float copies on a stream).
 *   <li>Ordering: {@link org.rnn4j.cuda.runtime.CudaStream} and
 *       {@link org.rnn4j.cuda.runtime.CudaEvent}.
 *   <li>Kernels: {@link org.rnn4j.cuda.runtime.KernelModule} loads the fatbin built from
 *       {@code native/*.cu} and launches a kernel with arguments in its parameter order.
 *   <li>Errors and ownership: {@link org.rnn4j.cuda.runtime.Check} turns every status into a
 *       {@link org.rnn4j.cuda.runtime.CudaException} (out of memory:
 *       {@link org.rnn4j.cuda.runtime.CudaOutOfMemoryException}); the one-owner
 *       {@link org.rnn4j.cuda.runtime.Closer} frees what a constructor registered, in reverse.
 * </ul>
 *
 * <p>Dependencies run one way: {@code org.rnn4j.cuda} uses this package, and this package uses no
 * other rnn4j package ({@code RuntimeLayerTest} checks it).
 */
package org.rnn4j.cuda.runtime;
