using System.Reflection;
using System.Runtime.InteropServices;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class Secp256k1NativeTests
{
    private const string Fix = "install the Debian package libsecp256k1-1 (apt-get install libsecp256k1-1)";

    [Fact]
    public void Installed_library_passes_the_probe()
    {
        Assert.Null(Secp256k1Native.Probe(Secp256k1Native.LibraryName));
    }

    [Fact]
    public void Missing_library_yields_an_exception_that_names_the_debian_package()
    {
        var error = Secp256k1Native.Probe("libmicrochannels-bogus-secp.so.9");

        Assert.NotNull(error);
        Assert.Equal($"libmicrochannels-bogus-secp.so.9 was not found: {Fix}", error.Message);
    }

    [Fact]
    public void Library_without_the_exports_yields_an_exception_that_names_the_missing_symbol_and_package()
    {
        // libc loads but exports no secp256k1 symbol: the probe must say which is missing.
        var error = Secp256k1Native.Probe("libc.so.6");

        Assert.NotNull(error);
        Assert.Contains("does not export secp256k1_context_create", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(Fix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_failure_on_first_call_becomes_Secp256k1UnavailableException()
    {
        // A real loader failure, as the runtime raises it for a missing P/Invoke target.
        var error = Assert.Throws<Secp256k1UnavailableException>(() =>
            Secp256k1Native.TranslateLoadFailure("libmicrochannels-bogus-secp.so.9", () => NativeLibrary.Load("libmicrochannels-bogus-secp.so.9")));

        Assert.IsType<DllNotFoundException>(error.InnerException);
        Assert.Equal($"libmicrochannels-bogus-secp.so.9 was not found: {Fix}", error.Message);
    }

    [Fact]
    public void Missing_entry_point_on_first_call_becomes_Secp256k1UnavailableException()
    {
        var error = Assert.Throws<Secp256k1UnavailableException>(() =>
            Secp256k1Native.TranslateLoadFailure<int>(Secp256k1Native.LibraryName, () => throw new EntryPointNotFoundException("secp256k1_ecdh")));

        Assert.IsType<EntryPointNotFoundException>(error.InnerException);
        Assert.Contains("libsecp256k1-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_message_names_the_library_and_the_fix()
    {
        Assert.Equal($"libsecp256k1.so.1 was not found: {Fix}", new Secp256k1UnavailableException().Message);
    }

    [Fact]
    public void Probe_checks_exactly_the_exports_that_are_bound()
    {
        var bound = typeof(Secp256k1Native)
            .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Select(method => method.GetCustomAttribute<LibraryImportAttribute>()?.EntryPoint)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(bound);
        Assert.Equal(bound, Secp256k1Native.RequiredExports.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public unsafe void Illegal_argument_is_recorded_instead_of_aborting_and_surfaces_as_a_bug()
    {
        // secp256k1.h: combine requires n >= 1. The library's default handler
        // would abort() this test process; ours records the message instead.
        var output = new byte[Secp256k1Native.PubKeyStructSize];
        int result;
        fixed (byte* outputPointer = output)
        {
            result = Secp256k1Native.EcPubKeyCombine(Secp256k1Native.Context, outputPointer, null, 0);
        }

        Assert.Equal(0, result);
        var error = Secp256k1Native.Failure(new InvalidKeyException("what bad input would have raised"));
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("illegal argument", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidKeyException>(error.InnerException);

        // The record is consumed, so the next ordinary failure is typed as bad input again.
        Assert.IsType<InvalidKeyException>(Secp256k1Native.Failure(new InvalidKeyException("bad input")));
    }

    [Fact]
    public unsafe void Illegal_argument_in_a_call_whose_zero_is_an_answer_still_throws()
    {
        var output = new byte[Secp256k1Native.PubKeyStructSize];
        fixed (byte* outputPointer = output)
        {
            _ = Secp256k1Native.EcPubKeyCombine(Secp256k1Native.Context, outputPointer, null, 0);
        }

        Assert.Throws<InvalidOperationException>(Secp256k1Native.ThrowIfIllegalArgument);
        Secp256k1Native.ThrowIfIllegalArgument(); // consumed: nothing left to report
    }

    [Fact]
    public void Context_is_created_once_and_shared_by_all_threads()
    {
        var contexts = new nint[8];
        Parallel.For(0, contexts.Length, i => contexts[i] = Secp256k1Native.Context);

        Assert.NotEqual(0, contexts[0]);
        Assert.All(contexts, context => Assert.Equal(contexts[0], context));
    }

    [Fact]
    public void Signing_from_many_threads_at_once_gives_the_same_deterministic_signatures()
    {
        using var key = PrivateKey.FromBytes(Convert.FromHexString("f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181"));
        var hashes = Enumerable.Range(0, 64).Select(i => Hashes.Sha256([(byte)i])).ToArray();
        var expected = hashes.Select(hash => key.Sign(hash)).ToArray();

        var actual = new EcdsaSignature[hashes.Length];
        Parallel.For(0, hashes.Length, i => actual[i] = key.Sign(hashes[i]));

        Assert.Equal(expected, actual);
    }
}
