using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Microchannels.Bitcoin.Crypto;

internal static unsafe partial class Secp256k1Native
{
    // One context for the whole process, created on first use and never
    // destroyed: it lives as long as the process, like Bitcoin Core's
    // secp256k1_context_sign.
    //
    // Thread safety: secp256k1.h allows concurrent use of one context by any
    // number of threads as long as no call mutates it. Only
    // secp256k1_context_create, _randomize and _set_illegal_callback mutate it,
    // and they run once, inside this Lazy, before the pointer is published.
    // After that every call (sign, verify, ECDH, tweaks, parsing) only reads
    // the context, so all wrappers are safe to call from any thread.
    //
    // Lazy caches a failure too, so every later call sees the same
    // Secp256k1UnavailableException rather than a bare DllNotFoundException.
    private static readonly Lazy<nint> SharedContext = new(CreateContext, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static string? t_illegalArgument;

    /// <summary>
    /// The process-wide context (flags SIGN | VERIFY, randomized once).
    /// Throws <see cref="Secp256k1UnavailableException"/> when the library is missing.
    /// </summary>
    internal static nint Context => SharedContext.Value;

    /// <summary>
    /// Checks that <paramref name="libraryName"/> loads and exports every
    /// symbol in <see cref="RequiredExports"/>. Returns null when it does, or
    /// the exception to throw (its message names the Debian package to install).
    /// </summary>
    internal static Secp256k1UnavailableException? Probe(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(Secp256k1Native).Assembly, null, out var handle))
        {
            return Secp256k1UnavailableException.NotFound(libraryName, innerException: null);
        }

        try
        {
            foreach (var export in RequiredExports)
            {
                if (!NativeLibrary.TryGetExport(handle, export, out _))
                {
                    return Secp256k1UnavailableException.MissingExport(libraryName, export);
                }
            }

            return null;
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>
    /// Runs a first native call and turns the runtime's loader failures into
    /// <see cref="Secp256k1UnavailableException"/>, the one type callers need to catch.
    /// </summary>
    internal static T TranslateLoadFailure<T>(string libraryName, Func<T> firstCall)
    {
        try
        {
            return firstCall();
        }
        catch (DllNotFoundException e)
        {
            throw Secp256k1UnavailableException.NotFound(libraryName, e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw Secp256k1UnavailableException.NotFound(libraryName, e);
        }
    }

    private static nint CreateContext()
    {
        var unavailable = Probe(LibraryName);
        if (unavailable is not null)
        {
            throw unavailable;
        }

        return TranslateLoadFailure(LibraryName, CreateRandomizedContext);
    }

    private static nint CreateRandomizedContext()
    {
        var context = ContextCreate(ContextSign | ContextVerify);
        if (context == 0)
        {
            throw new InvalidOperationException("secp256k1_context_create returned NULL.");
        }

        // The default illegal-argument handler prints and calls abort(), which
        // would take down a provider serving thousands of channels. Ours
        // records the message; the call then returns 0 and the wrapper throws
        // (see Secp256k1Native.Checks.cs).
        ContextSetIllegalCallback(context, &OnIllegalArgument, null);

        // secp256k1.h, secp256k1_context_randomize: blinds the signing and
        // public-key generation multiplications against side channels.
        Span<byte> seed = stackalloc byte[ScalarSize];
        try
        {
            RandomNumberGenerator.Fill(seed);
            int randomized;
            fixed (byte* seedPointer = seed)
            {
                randomized = ContextRandomize(context, seedPointer);
            }

            if (randomized != 1)
            {
                ContextDestroy(context);
                throw new InvalidOperationException("secp256k1_context_randomize failed.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        return context;
    }

    [UnmanagedCallersOnly]
    private static void OnIllegalArgument(byte* message, void* data)
    {
        // Runs on the calling thread, inside the libsecp256k1 call that failed.
        // It must not throw across the native frame, so it only records.
        t_illegalArgument = Marshal.PtrToStringUTF8((nint)message) ?? "(no message)";
    }

    /// <summary>The illegal-argument message recorded on this thread since the last take, if any.</summary>
    internal static string? TakeIllegalArgument()
    {
        var message = t_illegalArgument;
        t_illegalArgument = null;
        return message;
    }
}
