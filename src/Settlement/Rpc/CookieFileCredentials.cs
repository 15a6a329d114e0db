using System.Net.Http.Headers;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// bitcoind's cookie file (httprpc.cpp InitRPCAuthentication, GenerateAuthCookie):
/// one line "__cookie__:&lt;64 hex&gt;", rewritten at every start and deleted at
/// shutdown. Cached and re-read when the file's write time changes.
/// </summary>
internal sealed class CookieFileCredentials : BitcoindCredentials
{
    // A cookie line is ~75 bytes; refuse anything far larger instead of reading it.
    private const int MaxCookieBytes = 1024;

    private readonly Lock _gate = new();
    private DateTime _cachedWriteTime;
    private AuthenticationHeaderValue? _cached;

    public CookieFileCredentials(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public override string Description => $"cookie file {Path}";

    internal override AuthenticationHeaderValue GetAuthorization()
    {
        lock (_gate)
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                // bitcoind writes the cookie while it starts; until then the node is
                // simply not up yet, which is worth waiting for.
                throw new BitcoindUnavailableException(
                    $"bitcoind cookie file {Path} does not exist (is bitcoind running with this datadir and chain?).")
                { IsTransient = true };
            }

            if (_cached is not null && info.LastWriteTimeUtc == _cachedWriteTime)
            {
                return _cached;
            }

            if (info.Length > MaxCookieBytes)
            {
                throw new BitcoindAuthenticationException($"{Description} is {info.Length} bytes; a bitcoind cookie is one short line.");
            }

            string content;
            try
            {
                content = File.ReadAllText(Path).Trim();
            }
            catch (FileNotFoundException e)
            {
                // Deleted between the check and the read: bitcoind is shutting down or restarting.
                throw new BitcoindUnavailableException($"Could not read {Description}: {e.Message}", e) { IsTransient = true };
            }
            catch (UnauthorizedAccessException e)
            {
                throw new BitcoindAuthenticationException(
                    $"Not allowed to read {Description}: run as the user bitcoind runs as, or set -rpccookieperms.", e);
            }

            if (content.Length == 0 || !content.Contains(':', StringComparison.Ordinal))
            {
                throw new BitcoindAuthenticationException($"{Description} does not hold 'user:password'.");
            }

            _cached = Basic(content);
            _cachedWriteTime = info.LastWriteTimeUtc;
            return _cached;
        }
    }
}
