using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Billing.Merkle;
using Microchannels.Channels.Billing.Merkle.Errors;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// Checks statements (docs/STATEMENTS.md, "Verifying"): every reading's meter
/// signature, that each names this chain, channel and provider, that they form the
/// meter's hash chain in order, the Merkle root, the totals, that money equals
/// energy × tariff, and both node signatures; then that consecutive statements
/// follow one another, and at close that they match the closing transaction. Each
/// failure throws its own <see cref="StatementException"/>; the proof checks throw
/// the <see cref="MerkleProofException"/> that names what is wrong.
/// </summary>
public static class StatementVerifier
{
    /// <summary>Checks one statement on its own.</summary>
    /// <param name="checkReadingSignatures">
    /// Verify every reading's meter signature (one ECDSA verification each, spread
    /// over the machine's cores). A party that accepted each reading through its own
    /// channel engine has already verified them and may skip this.
    /// </param>
    /// <param name="requireMeterSignature">
    /// Refuse a statement the meter has not countersigned. A caller that passes false still
    /// checks a meter signature that is present; only an absent one is accepted, and the
    /// caller must say so (a provider-signed statement proves only what the provider claims).
    /// </param>
    public static void Verify(BillingStatement statement, bool checkReadingSignatures = true, bool requireMeterSignature = true)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var readings = statement.Readings;
        int count = readings.Count;
        var signingHashes = new Sha256Hash[count];
        var leafHashes = new byte[count * MerkleHashing.HashSize];
        var meterKey = ParseKey(statement.MeterReadingKey, "meter_reading_key");

        // 1. Each reading is the meter's, unaltered, and bound to this channel.
        int firstTampered = int.MaxValue;
        Parallel.For(0, count, () => int.MaxValue, (i, _, worst) =>
        {
            var signed = readings[i];
            signingHashes[i] = signed.Reading.SigningHash();
            Span<byte> leaf = stackalloc byte[SignedMeterReading.EncodedLengthV2];
            int length = signed.EncodeTo(leaf);
            MerkleHashing.LeafHash(leaf[..length], leafHashes.AsSpan(i * MerkleHashing.HashSize, MerkleHashing.HashSize));
            return checkReadingSignatures && !SignatureVerifies(meterKey, signingHashes[i], signed.Signature) ? Math.Min(worst, i) : worst;
        }, worst => InterlockedMin(ref firstTampered, worst));
        if (firstTampered != int.MaxValue)
        {
            throw new StatementReadingTamperedException(firstTampered);
        }

        for (int i = 0; i < count; i++)
        {
            CheckBinding(statement, readings[i].Reading, i);
        }

        // 2. They are the meter's chain: each names the one before it.
        CheckChain(statement, signingHashes);

        // 3. The root is the channel's tree with these readings after the prefix.
        byte[] root;
        try
        {
            root = MerkleFrontier.Root(statement.Prefix.Select(h => new ReadOnlyMemory<byte>(h.ToArray())).ToList(), statement.FirstIndex, leafHashes);
        }
        catch (MerkleProofException e)
        {
            throw new StatementFormatException($"The prefix border does not fit first_index {statement.FirstIndex}: {e.Message}", e);
        }

        if (!root.AsSpan().SequenceEqual(statement.Root.AsSpan()))
        {
            throw new StatementRootMismatchException(statement.Root.ToHex(), Convert.ToHexStringLower(root));
        }

        // 4. The totals are the readings' own, and money = energy × tariff.
        var computed = ChannelReadingLog.Totals(statement.Opening, readings);
        if (computed != statement.Totals)
        {
            throw new StatementTotalsMismatchException(statement.Totals, computed);
        }

        UInt128 owed = (UInt128)computed.ImportWh * statement.TariffMsatPerWh;
        if (owed != computed.AmountMsat.Value)
        {
            throw new StatementMoneyMismatchException(computed.ImportWh, statement.TariffMsatPerWh, computed.AmountMsat);
        }

        // 5. Both sides signed exactly this.
        var digest = statement.Digest();
        CheckNodeSignature(statement.ProviderNodeId, statement.ProviderSignature, digest, "provider");
        if (requireMeterSignature || statement.MeterSignature is not null)
        {
            CheckNodeSignature(statement.MeterNodeId, statement.MeterSignature, digest, "meter");
        }
    }

    /// <summary>
    /// Checks each statement and that each follows the one before it: same channel
    /// and parties, no gap or overlap, its opening reading the previous statement's
    /// last, and its prefix border the previous statement's tree.
    /// </summary>
    public static void VerifySequence(IReadOnlyList<BillingStatement> statements, bool checkReadingSignatures = true, bool requireMeterSignature = true)
    {
        ArgumentNullException.ThrowIfNull(statements);
        for (int k = 0; k < statements.Count; k++)
        {
            Verify(statements[k], checkReadingSignatures, requireMeterSignature);
            if (k == 0)
            {
                continue;
            }

            var previous = statements[k - 1];
            var next = statements[k];
            if (next.ChannelId != previous.ChannelId || next.ChainHash != previous.ChainHash || next.ProviderNodeId != previous.ProviderNodeId
                || next.MeterNodeId != previous.MeterNodeId || next.MeterReadingKey != previous.MeterReadingKey)
            {
                throw new StatementSequenceException(k, "another channel or other parties");
            }

            if (next.FirstIndex != previous.TreeSize || next.PeriodStart != previous.PeriodEnd)
            {
                throw new StatementSequenceException(k, $"it starts at reading {next.FirstIndex} and time {next.PeriodStart}, not {previous.TreeSize} and {previous.PeriodEnd}");
            }

            var previousLast = previous.Readings.Count > 0 ? previous.Readings[^1] : previous.Opening;
            if (previousLast != next.Opening)
            {
                throw new StatementSequenceException(k, "its opening reading is not the previous statement's last");
            }

            var prefixRoot = MerkleFrontier.Root(next.Prefix.Select(h => new ReadOnlyMemory<byte>(h.ToArray())).ToList(), next.FirstIndex, []);
            if (!prefixRoot.AsSpan().SequenceEqual(previous.Root.AsSpan()))
            {
                throw new StatementSequenceException(k, "its prefix is not the previous statement's tree");
            }
        }
    }

    /// <summary>RFC 9162 §2.1.4.2: the newer statement's tree extends the older's.</summary>
    public static void VerifyConsistency(BillingStatement older, BillingStatement newer, IReadOnlyList<Sha256Hash> proof)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentNullException.ThrowIfNull(proof);
        if (older.ChannelId != newer.ChannelId)
        {
            throw new StatementSequenceException(1, "the two statements are of different channels");
        }

        MerkleVerifier.VerifyConsistency(older.TreeSize, newer.TreeSize, older.Root.AsSpan(), newer.Root.AsSpan(), AsMemory(proof));
    }

    /// <summary>RFC 9162 §2.1.3.2: <paramref name="reading"/> is reading <paramref name="index"/> of the channel under the statement's root.</summary>
    public static void VerifyReadingInclusion(BillingStatement statement, SignedMeterReading reading, ulong index, IReadOnlyList<Sha256Hash> proof)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(proof);
        MerkleVerifier.VerifyInclusion(index, statement.TreeSize, MerkleHashing.LeafHash(reading.Encode()), AsMemory(proof), statement.Root.AsSpan());
    }

    /// <summary>
    /// At close: the statements cover the channel from its first reading, follow one
    /// another, and the provider's output of <paramref name="closingTransaction"/> pays
    /// exactly its opening balance plus the money they bill, rounded down to whole
    /// satoshis as BOLT 3 rounds every output ("Closing Transaction").
    /// </summary>
    /// <param name="providerScript">The provider's shutdown scriptpubkey.</param>
    /// <param name="providerOpeningBalance">The provider's balance at channel open (push_msat).</param>
    /// <param name="providerRefunds">What the provider paid back to the meter over the channel's life.</param>
    public static void VerifyClose(
        IReadOnlyList<BillingStatement> statements,
        Transaction closingTransaction,
        Script providerScript,
        MilliSatoshis providerOpeningBalance,
        MilliSatoshis providerRefunds,
        bool checkReadingSignatures = true)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(closingTransaction);
        ArgumentNullException.ThrowIfNull(providerScript);
        VerifySequence(statements, checkReadingSignatures);
        if (statements.Count > 0 && statements[0].FirstIndex != 0)
        {
            throw new StatementSequenceException(0, "the first statement does not start at the channel's first reading");
        }

        UInt128 billed = 0;
        foreach (var statement in statements)
        {
            billed += statement.Totals.AmountMsat.Value;
        }

        UInt128 provider = billed + providerOpeningBalance.Value;
        long expected = provider >= providerRefunds.Value ? (long)((provider - providerRefunds.Value) / 1000) : -1;
        long actual = closingTransaction.Outputs.Where(o => o.ScriptPubKey == providerScript).Sum(o => o.Value.Value);
        if (expected != actual)
        {
            throw new StatementCloseMismatchException(expected, actual);
        }
    }

    private static void CheckBinding(BillingStatement statement, MeterReading reading, int index)
    {
        if (reading.Binding is not { } binding)
        {
            throw new StatementReadingUnboundException(index);
        }

        string? foreign = binding.ChainHash != statement.ChainHash ? "chain"
            : binding.ChannelId != statement.ChannelId ? "channel"
            : binding.ProviderNodeId != statement.ProviderNodeId ? "provider"
            : null;
        if (foreign is not null)
        {
            throw new StatementReadingForeignException(index, foreign);
        }

        if (reading.Timestamp < statement.PeriodStart || reading.Timestamp >= statement.PeriodEnd)
        {
            throw new StatementReadingOutsidePeriodException(index, reading.Timestamp);
        }
    }

    private static void CheckChain(BillingStatement statement, Sha256Hash[] hashes)
    {
        var readings = statement.Readings;
        Dictionary<Sha256Hash, int>? index = null;
        for (int i = 0; i < readings.Count; i++)
        {
            var expected = i > 0 ? hashes[i - 1] : statement.Opening?.Reading.SigningHash() ?? ReadingBinding.Genesis;
            var named = readings[i].Reading.Binding!.PreviousReadingHash;
            if (named == expected)
            {
                continue;
            }

            if (i > 0 && hashes[i] == hashes[i - 1])
            {
                throw new StatementReadingOutOfOrderException(i, ReadingChainBreak.Duplicated);
            }

            index ??= Enumerable.Range(0, hashes.Length).GroupBy(j => hashes[j]).ToDictionary(g => g.Key, g => g.Max());
            throw new StatementReadingOutOfOrderException(i, index.TryGetValue(named, out int at) && at > i ? ReadingChainBreak.Reordered : ReadingChainBreak.Omitted);
        }
    }

    private static void CheckNodeSignature(Point node, CompactSignature? signature, Sha256Hash digest, string side)
    {
        var key = ParseKey(node, $"{side}_node_id");
        if (signature is null || !SignatureVerifies(key, digest, signature))
        {
            throw new StatementSignatureInvalidException(side);
        }
    }

    private static bool SignatureVerifies(PublicKey key, Sha256Hash hash, CompactSignature signature)
    {
        try
        {
            return key.Verify(hash.AsSpan(), EcdsaSignature.FromCompact(signature.AsSpan()));
        }
        catch (InvalidSignatureException)
        {
            return false;
        }
    }

    private static PublicKey ParseKey(Point point, string field)
    {
        try
        {
            return PublicKey.FromBytes(point.AsSpan());
        }
        catch (InvalidKeyException e)
        {
            throw new StatementFormatException($"{field} is not a valid secp256k1 point.", e);
        }
    }

    private static List<ReadOnlyMemory<byte>> AsMemory(IReadOnlyList<Sha256Hash> hashes) =>
        hashes.Select(h => new ReadOnlyMemory<byte>(h.ToArray())).ToList();

    private static void InterlockedMin(ref int target, int value)
    {
        int current;
        while (value < (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
