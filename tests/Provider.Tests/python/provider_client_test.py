#!/usr/bin/python3
"""Calls the provider daemon's gRPC API from Debian's python3-grpcio, over TLS with the
certificate the daemon generated, and checks every answer. Stubs are generated at run time
from the repository's .proto files with python3-grpc-tools. Exit code 0 when every check
passed; each failed check prints one line. Driven by PythonClientTests (xunit)."""

import argparse
import importlib
import os
import subprocess
import sys
import tempfile

import grpc

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what, flush=True)


def expect_status(code, call, what):
    try:
        call()
    except grpc.RpcError as error:
        check(error.code() == code, "%s: expected %s, got %s (%s)" % (what, code.name, error.code().name, error.details()))
        check("Traceback" not in (error.details() or "") and "Exception" not in (error.details() or ""), what + ": no exception text")
        return
    check(False, "%s: expected %s, the call succeeded" % (what, code.name))


def generate(proto_root, out):
    protos = [os.path.join("microchannels/provider/v1", name) for name in sorted(os.listdir(os.path.join(proto_root, "microchannels/provider/v1")))]
    subprocess.run([sys.executable, "-m", "grpc_tools.protoc", "-I", proto_root, "--python_out", out, "--grpc_python_out", out] + protos, check=True)
    sys.path.insert(0, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--datadir", required=True)
    parser.add_argument("--proto-root", required=True)
    parser.add_argument("--mode", default="full", choices=["full", "unavailable", "exhausted"])
    parser.add_argument("--meter", default="")
    parser.add_argument("--other-meter", default="")
    parser.add_argument("--insecure", action="store_true", help="cleartext h2c (a daemon started with --api-insecure true)")
    args = parser.parse_args()

    out = tempfile.mkdtemp(prefix="microchannels-stubs-")
    generate(args.proto_root, out)
    v1 = "microchannels.provider.v1."
    channels = importlib.import_module(v1 + "channels_pb2")
    meters = importlib.import_module(v1 + "meters_pb2")
    tariff = importlib.import_module(v1 + "tariff_pb2")
    transfers = importlib.import_module(v1 + "transfers_pb2")
    statements = importlib.import_module(v1 + "statements_pb2")
    types = importlib.import_module(v1 + "types_pb2")
    service = importlib.import_module(v1 + "provider_pb2_grpc")

    admin = open(os.path.join(args.datadir, "admin.token")).read().strip()
    readonly = open(os.path.join(args.datadir, "readonly.token")).read().strip()
    if args.insecure:
        channel = grpc.insecure_channel(args.target)
    else:
        with open(args.cert, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        channel = grpc.secure_channel(args.target, credentials, options=[("grpc.ssl_target_name_override", "localhost")])
    stub = service.ProviderServiceStub(channel)
    A = [("authorization", "Bearer " + admin)]
    R = [("authorization", "Bearer " + readonly)]

    if args.mode == "exhausted":
        codes = []
        for _ in range(10):
            try:
                stub.GetInfo(channels.GetInfoRequest(), metadata=R, timeout=10)
                codes.append("OK")
            except grpc.RpcError as error:
                codes.append(error.code().name)
        check("RESOURCE_EXHAUSTED" in codes, "rate limit: expected RESOURCE_EXHAUSTED among %s" % codes)
        return finish()

    if args.mode == "unavailable":
        info = stub.GetInfo(channels.GetInfoRequest(), metadata=R, timeout=10)
        check(not info.synced_to_chain, "GetInfo.synced_to_chain is false while bitcoind is down")
        expect_status(grpc.StatusCode.UNAVAILABLE, lambda: stub.CloseChannel(channels.CloseChannelRequest(meter_node_id=args.meter, force=channels.ForceClose()), metadata=A, timeout=10), "force close without bitcoind")
        expect_status(grpc.StatusCode.UNAVAILABLE, lambda: stub.CloseChannel(channels.CloseChannelRequest(meter_node_id=args.meter, cooperative=channels.CooperativeClose()), metadata=A, timeout=10), "estimated cooperative close without bitcoind")
        return finish()

    # Both tokens read; a missing token is refused; the read-only token cannot write.
    for metadata in (A, R):
        info = stub.GetInfo(channels.GetInfoRequest(), metadata=metadata, timeout=10)
        check(len(info.node_id) == 66 and info.network == "regtest", "GetInfo node id and network")
    expect_status(grpc.StatusCode.UNAUTHENTICATED, lambda: stub.GetInfo(channels.GetInfoRequest(), timeout=10), "no token")
    expect_status(grpc.StatusCode.UNAUTHENTICATED, lambda: stub.GetInfo(channels.GetInfoRequest(), metadata=[("authorization", "Bearer nope")], timeout=10), "unknown token")
    expect_status(grpc.StatusCode.PERMISSION_DENIED, lambda: stub.AllowMeter(meters.AllowMeterRequest(node_id=args.meter), metadata=R, timeout=10), "read-only AllowMeter")

    # Channels.
    listed = stub.ListChannels(channels.ListChannelsRequest(meter_node_id=args.meter), metadata=R, timeout=10)
    check(len(listed.channels) == 1, "ListChannels filtered by meter")
    one = stub.GetChannel(channels.GetChannelRequest(meter_node_id=args.meter), metadata=R, timeout=10)
    check(one.state == types.CHANNEL_STATE_NORMAL and one.total_received_msat > 0, "GetChannel of an open channel that was paid")
    check(stub.GetChannel(channels.GetChannelRequest(channel_id=one.channel_id), metadata=R, timeout=10).meter_node_id == args.meter, "GetChannel by id")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: stub.GetChannel(channels.GetChannelRequest(channel_id="ab" * 32), metadata=R, timeout=10), "unknown channel")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.GetChannel(channels.GetChannelRequest(channel_id="zz"), metadata=R, timeout=10), "malformed channel id")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.ListChannels(channels.ListChannelsRequest(page_size=100000), metadata=R, timeout=10), "huge page")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.CloseChannel(channels.CloseChannelRequest(meter_node_id=args.meter), metadata=A, timeout=10), "close without a mode")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: stub.CloseChannel(channels.CloseChannelRequest(meter_node_id=args.other_meter, force=channels.ForceClose()), metadata=A, timeout=10), "close of an unknown meter's channel")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.CloseChannel(channels.CloseChannelRequest(meter_node_id=args.meter, cooperative=channels.CooperativeClose(target_feerate_sat_per_kw=1)), metadata=A, timeout=10), "feerate out of range")

    # Transfers: the journal streams in sequence and resumes; the provider pays the meter.
    stream = stub.SubscribeTransfers(transfers.SubscribeTransfersRequest(after_sequence=0), metadata=R, timeout=30)
    received = []
    for transfer in stream:
        received.append(transfer)
        if len(received) == 4:
            stream.cancel()
            break
    check([t.sequence for t in received] == [1, 2, 3, 4], "SubscribeTransfers from 0 starts at sequence 1 without gaps")
    resumed = stub.SubscribeTransfers(transfers.SubscribeTransfersRequest(after_sequence=2), metadata=R, timeout=30)
    check(next(iter(resumed)).sequence == 3, "SubscribeTransfers resumes after a sequence")
    resumed.cancel()
    expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, lambda: list(stub.SubscribeTransfers(transfers.SubscribeTransfersRequest(after_sequence=10**9), metadata=R, timeout=0.5)), "a stream past its deadline")
    expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, lambda: list(stub.SubscribeChannelEvents(channels.SubscribeChannelEventsRequest(meter_node_id=args.meter), metadata=R, timeout=0.5)), "an event stream past its deadline")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.SendTransfer(transfers.SendTransferRequest(meter_node_id=args.meter, amount_msat=0), metadata=A, timeout=10), "zero amount")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.SendTransfer(transfers.SendTransferRequest(meter_node_id=args.meter, amount_msat=-1), metadata=A, timeout=10), "negative amount")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.SendTransfer(transfers.SendTransferRequest(meter_node_id=args.meter, amount_msat=2**63 - 1), metadata=A, timeout=10), "overflowing amount")
    expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: stub.SendTransfer(transfers.SendTransferRequest(meter_node_id=args.meter, amount_msat=one.local_balance_msat + 1), metadata=A, timeout=10), "more than the balance")
    sent = stub.SendTransfer(transfers.SendTransferRequest(meter_node_id=args.meter, amount_msat=1000), metadata=A, timeout=10)
    check(sent.channel_id == one.channel_id, "SendTransfer answers with the channel")
    mine = stub.SubscribeTransfers(transfers.SubscribeTransfersRequest(meter_node_id=args.meter), metadata=R, timeout=30)
    for transfer in mine:
        if transfer.direction == types.TRANSFER_DIRECTION_SENT and transfer.amount_msat == 1000:
            mine.cancel()
            break

    # Tariffs and the allow-list.
    table = tariff.Tariff(base_msat_per_wh=12, periods=[tariff.TimeOfUsePeriod(days_of_week=127, start_minute=0, end_minute=420, msat_per_wh=6, label="night")])
    stub.SetTariff(tariff.SetTariffRequest(tariff=table), metadata=A, timeout=10)
    got = stub.GetTariff(tariff.GetTariffRequest(), metadata=R, timeout=10)
    check(got.tariff == table and got.current_msat_per_wh in (6, 12), "SetTariff then GetTariff")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.SetTariff(tariff.SetTariffRequest(tariff=tariff.Tariff(base_msat_per_wh=-3)), metadata=A, timeout=10), "negative price")
    newcomer = args.other_meter
    added = stub.AllowMeter(meters.AllowMeterRequest(node_id=newcomer, label="python"), metadata=A, timeout=10)
    check(added.added and added.meter.label == "python", "AllowMeter")
    check(any(m.node_id == newcomer for m in stub.ListMeters(meters.ListMetersRequest(page_size=1000), metadata=R, timeout=10).meters), "ListMeters")
    check(stub.RemoveMeter(meters.RemoveMeterRequest(node_id=newcomer), metadata=A, timeout=10).meter.node_id == newcomer, "RemoveMeter")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: stub.RemoveMeter(meters.RemoveMeterRequest(node_id=newcomer), metadata=A, timeout=10), "RemoveMeter of an unknown meter")
    sheet = stub.GetBalanceSheet(channels.GetBalanceSheetRequest(), metadata=R, timeout=10)
    check(sheet.received_msat > 0 and sheet.sent_msat >= 1000, "GetBalanceSheet")
    statement = stub.GetStatement(statements.GetStatementRequest(meter_node_id=args.meter, period_start=1, period_end=2**40), metadata=R, timeout=10)
    check(statement.reading_count > 0 and len(statement.root) == 64 and len(statement.provider_signature) == 128 and '"readings"' in statement.json, "GetStatement")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.GetStatement(statements.GetStatementRequest(meter_node_id=args.meter, period_start=5, period_end=5), metadata=R, timeout=10), "an empty statement period")
    proof = stub.GetReadingProof(statements.GetReadingProofRequest(meter_node_id=args.meter, index=0, tree_size=statement.tree_size), metadata=R, timeout=10)
    check(proof.root == statement.root and len(proof.audit_path) > 0, "GetReadingProof")
    return finish()


def finish():
    print("python client: %d failure(s)" % len(failures), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
