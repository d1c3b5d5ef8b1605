// The text of mirrorscope.proto, embedded so that the compiled program needs no file beside it (package.json
// ships only dist/). mirrorscope.proto stays the schema people and other languages read; a test fails when the two
// differ, so edit the .proto and paste its text here.
export const MIRRORSCOPE_PROTO_SOURCE = `// mirrorscope output events. A file of them is a stream of length-delimited messages: each Event is preceded by
// its byte length as a base-128 varint (protobuf's writeDelimitedTo / encodeDelimited framing).
// Field names are the EVE and VPC Flow Log (Parquet) names. Fields marked optional are absent where EVE omits the
// member or a flow log writes "-".
syntax = "proto3";

package mirrorscope;

message Event {
  oneof kind {
    Alert alert = 1;
    FlowLogRecord flow_log = 2;
    Stats stats = 3;
  }
}

// An EVE alert event.
message Alert {
  // EVE text form, e.g. "2026-11-27T10:38:02.123456+0000".
  string timestamp = 1;
  // The same instant in microseconds since the Unix epoch.
  int64 timestamp_us = 2;
  uint64 flow_id = 3;
  string src_ip = 4;
  optional uint32 src_port = 5;
  string dest_ip = 6;
  optional uint32 dest_port = 7;
  // TCP, UDP, ICMP, IPv6-ICMP.
  string proto = 8;
  Tunnel tunnel = 9;
  AlertInfo alert = 10;
  optional string app_proto = 11;
  // The VPC Flow Log record AWS would write for the flow direction the alert rode on.
  FlowLogRecord flow_log = 12;
  // Replay only: the packet's 1-based number in its capture file.
  optional uint64 pcap_cnt = 13;
  optional uint32 icmp_type = 14;
  optional uint32 icmp_code = 15;
  // Other EVE members of the alert (http, tls, dns, ...) as one JSON object text.
  optional string extra_json = 16;
}

message Tunnel {
  // vxlan or geneve.
  string type = 1;
  uint32 vni = 2;
  string src_ip = 3;
  string dest_ip = 4;
}

message AlertInfo {
  // allowed or blocked.
  string action = 1;
  uint32 gid = 2;
  uint32 signature_id = 3;
  uint32 rev = 4;
  string signature = 5;
  string category = 6;
  uint32 severity = 7;
}

// One VPC Flow Log record: versions 2-5 and the version-7 ECS fields.
message FlowLogRecord {
  optional uint32 version = 1;
  optional string account_id = 2;
  optional string interface_id = 3;
  optional string srcaddr = 4;
  optional string dstaddr = 5;
  optional uint32 srcport = 6;
  optional uint32 dstport = 7;
  optional uint32 protocol = 8;
  optional int64 packets = 9;
  optional int64 bytes = 10;
  optional int64 start = 11;
  optional int64 end = 12;
  optional string action = 13;
  optional string log_status = 14;
  optional string vpc_id = 15;
  optional string subnet_id = 16;
  optional string instance_id = 17;
  optional uint32 tcp_flags = 18;
  optional string type = 19;
  optional string pkt_srcaddr = 20;
  optional string pkt_dstaddr = 21;
  optional string region = 22;
  optional string az_id = 23;
  optional string sublocation_type = 24;
  optional string sublocation_id = 25;
  optional string pkt_src_aws_service = 26;
  optional string pkt_dst_aws_service = 27;
  optional string flow_direction = 28;
  optional uint32 traffic_path = 29;
  optional string ecs_cluster_arn = 30;
  optional string ecs_cluster_name = 31;
  optional string ecs_container_instance_arn = 32;
  optional string ecs_container_instance_id = 33;
  optional string ecs_container_id = 34;
  optional string ecs_second_container_id = 35;
  optional string ecs_service_name = 36;
  optional string ecs_task_definition_arn = 37;
  optional string ecs_task_arn = 38;
  optional string ecs_task_id = 39;
}

// Periodic engine statistics: the numeric leaves of an EVE stats event under their dotted names
// ("decoder.pkts", "flow.active", "detect.alert").
message Stats {
  string timestamp = 1;
  int64 timestamp_us = 2;
  map<string, double> values = 3;
}
`;
