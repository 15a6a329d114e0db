using System.Net.Http.Headers;

namespace Microchannels.Settlement.Rpc;

/// <summary><c>-rpcuser</c>/<c>-rpcpassword</c> or an <c>-rpcauth</c> entry.</summary>
internal sealed class UserPasswordCredentials : BitcoindCredentials
{
    private readonly AuthenticationHeaderValue _header;

    public UserPasswordCredentials(string user, string password)
    {
        User = user;
        _header = Basic($"{user}:{password}");
    }

    public string User { get; }

    public override string Description => $"RPC user '{User}'";

    internal override AuthenticationHeaderValue GetAuthorization() => _header;
}
