using System.Net.Http.Headers;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// How the client authenticates to bitcoind's RPC server (HTTP Basic, as
/// bitcoind's httprpc.cpp expects): the cookie file bitcoind writes at start-up
/// when no <c>-rpcpassword</c> is set, or a user and password
/// (<c>-rpcuser</c>/<c>-rpcpassword</c> or <c>-rpcauth</c>).
/// </summary>
public abstract class BitcoindCredentials
{
    private protected BitcoindCredentials()
    {
    }

    /// <summary>
    /// The cookie bitcoind writes to <c>&lt;datadir&gt;/&lt;chain&gt;/.cookie</c>
    /// ("__cookie__:&lt;hex&gt;"). bitcoind writes a new one at every start, so the
    /// file is read again whenever it changes.
    /// </summary>
    public static BitcoindCredentials FromCookieFile(string cookieFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cookieFilePath);
        return new CookieFileCredentials(cookieFilePath);
    }

    /// <summary>The cookie of a node started with <c>-datadir=<paramref name="dataDirectory"/></c> on <paramref name="chain"/>.</summary>
    /// <param name="chain">The chain's data subdirectory: "regtest", "testnet3", "testnet4", "signet", or "" for main.</param>
    public static BitcoindCredentials FromDataDirectory(string dataDirectory, string chain = "regtest")
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(chain);
        return FromCookieFile(Path.Combine(dataDirectory, chain, ".cookie"));
    }

    public static BitcoindCredentials FromUserPassword(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            // HTTP Basic splits "user:password" at the first colon (RFC 7617 section 2).
            throw new ArgumentException("An RPC user name cannot contain ':'.", nameof(user));
        }

        return new UserPasswordCredentials(user, password);
    }

    /// <summary>Where the credentials come from, for error messages; never the secret.</summary>
    public abstract string Description { get; }

    /// <summary>The Authorization header; throws <see cref="BitcoindUnavailableException"/> (transient) when the cookie file is not there yet.</summary>
    internal abstract AuthenticationHeaderValue GetAuthorization();

    public override string ToString() => Description;

    internal static AuthenticationHeaderValue Basic(string userColonPassword) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userColonPassword)));
}
