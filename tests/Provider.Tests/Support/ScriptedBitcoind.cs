using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Encoding;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Provider.Tests.Support;

/// <summary>
/// A stand-in for bitcoind's JSON-RPC where no bitcoind exists: a chain of real serialized
/// blocks (header, merkle root, transactions) the daemon's own parser reads, mined when a test
/// says so, from a mempool fed by sendrawtransaction. It checks no script (the embedded
/// regtest chain does that); it answers exactly the calls the daemon makes: getblockchaininfo,
/// getbestblockhash, getblockhash, getblock (raw), getrawtransaction, sendrawtransaction,
/// estimatesmartfee. <see cref="Stop"/> and <see cref="Start"/> take it off the network and back.
/// </summary>
internal sealed class ScriptedBitcoind : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(BlockHash Hash, byte[] Raw, ImmutableArray<Transaction> Transactions)> _blocks = [];
    private readonly List<Transaction> _mempool = [];
    private HttpListener? _listener;
    private Task _serving = Task.CompletedTask;

    public ScriptedBitcoind()
    {
        Port = FreePort.Pick();
        Mine();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public int Height
    {
        get
        {
            lock (_gate)
            {
                return _blocks.Count - 1;
            }
        }
    }

    /// <summary>Every transaction ever sent (the broadcasts of the daemon and of the test's meters).</summary>
    public List<Transaction> Sent { get; } = [];

    public void Start()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(Url);
        listener.Start();
        _listener = listener;
        _serving = Task.Run(() => ServeAsync(listener));
    }

    public void Stop()
    {
        _listener?.Close();
        _listener = null;
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => Stop();

    public void Broadcast(Transaction transaction)
    {
        lock (_gate)
        {
            Sent.Add(transaction);
            if (!_mempool.Any(t => t.GetTxId() == transaction.GetTxId()))
            {
                _mempool.Add(transaction);
            }
        }
    }

    /// <summary>Mines <paramref name="count"/> blocks, the first one with the whole mempool.</summary>
    public void Mine(int count = 1)
    {
        for (int i = 0; i < count; i++)
        {
            lock (_gate)
            {
                int height = _blocks.Count;
                var coinbase = new Transaction(2, [new TxIn(new OutPoint(new TxId(new byte[32]), uint.MaxValue), new Script(Encoding.ASCII.GetBytes($"height {height}")), TxIn.SequenceFinal, Witness.Empty)], [new TxOut(new Satoshis(50_0000_0000), Script.Empty)], 0);
                ImmutableArray<Transaction> transactions = [coinbase, .. _mempool];
                _mempool.Clear();
                byte[] raw = Serialize(height == 0 ? new byte[32] : _blocks[^1].Hash.ToBytes(), transactions, (uint)height);
                _blocks.Add((BlockHash.OfHeader(raw), raw, transactions));
            }
        }
    }

    private static byte[] Serialize(byte[] previousInternalOrder, ImmutableArray<Transaction> transactions, uint nonce)
    {
        var writer = new BitcoinWriter();
        writer.WriteInt32(0x20000000);
        writer.WriteBytes(previousInternalOrder);
        writer.WriteBytes(MerkleRoot(transactions));
        writer.WriteUInt32(1_700_000_000 + nonce);
        writer.WriteUInt32(0x207fffff);
        writer.WriteUInt32(nonce);
        writer.WriteVarInt((ulong)transactions.Length);
        foreach (var transaction in transactions)
        {
            writer.WriteBytes(TransactionSerializer.Serialize(transaction));
        }

        return writer.ToArray();
    }

    // Bitcoin Core consensus/merkle.cpp: pairwise Hash256, an odd level's last hash paired with itself.
    private static byte[] MerkleRoot(ImmutableArray<Transaction> transactions)
    {
        List<byte[]> level = [.. transactions.Select(t => t.GetTxId().ToBytes())];
        while (level.Count > 1)
        {
            var next = new List<byte[]>();
            for (int i = 0; i < level.Count; i += 2)
            {
                next.Add(Hashes.Hash256([.. level[i], .. level[Math.Min(i + 1, level.Count - 1)]]));
            }

            level = next;
        }

        return level[0];
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var reader = new StreamReader(context.Request.InputStream);
                using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
                var root = request.RootElement;
                long id = root.GetProperty("id").GetInt64();
                string method = root.GetProperty("method").GetString()!;
                var parameters = root.TryGetProperty("params", out var p) ? p.EnumerateArray().ToList() : [];
                string reply;
                try
                {
                    reply = JsonSerializer.Serialize(new { result = Answer(method, parameters), error = (object?)null, id });
                }
                catch (RpcFault fault)
                {
                    reply = JsonSerializer.Serialize(new { result = (object?)null, error = new { code = fault.Code, message = fault.Message }, id });
                    context.Response.StatusCode = 500;
                }

                byte[] body = Encoding.UTF8.GetBytes(reply);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
            {
                // The client went away or we are stopping.
            }
        }
    }

    private object? Answer(string method, List<JsonElement> parameters)
    {
        lock (_gate)
        {
            switch (method)
            {
                case "getblockchaininfo":
                    return new
                    {
                        chain = "regtest", blocks = _blocks.Count - 1, headers = _blocks.Count - 1, bestblockhash = _blocks[^1].Hash.ToString(),
                        difficulty = 1.0, mediantime = 1_700_000_000L, verificationprogress = 1.0, initialblockdownload = false, pruned = false, warnings = "",
                    };
                case "getbestblockhash":
                    return _blocks[^1].Hash.ToString();
                case "getblockhash":
                    int height = parameters[0].GetInt32();
                    return height >= 0 && height < _blocks.Count ? _blocks[height].Hash.ToString() : throw new RpcFault(-8, "Block height out of range");
                case "getblock":
                    var block = _blocks.FirstOrDefault(b => b.Hash.ToString() == parameters[0].GetString());
                    return block.Raw is null ? throw new RpcFault(-5, "Block not found") : Convert.ToHexStringLower(block.Raw);
                case "getrawtransaction":
                    string txid = parameters[0].GetString()!;
                    var found = _blocks.SelectMany(b => b.Transactions).Concat(_mempool).FirstOrDefault(t => t.GetTxId().ToString() == txid);
                    return found is null ? throw new RpcFault(-5, "No such mempool or blockchain transaction") : Convert.ToHexStringLower(TransactionSerializer.Serialize(found));
                case "sendrawtransaction":
                    var transaction = TransactionSerializer.ParseHex(parameters[0].GetString()!);
                    Sent.Add(transaction);
                    if (!_mempool.Any(t => t.GetTxId() == transaction.GetTxId()))
                    {
                        _mempool.Add(transaction);
                    }

                    return transaction.GetTxId().ToString();
                case "estimatesmartfee":
                    return new { feerate = 0.00002, blocks = parameters[0].GetInt32() };
                default:
                    throw new RpcFault(-32601, "Method not found");
            }
        }
    }

    private sealed class RpcFault(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
