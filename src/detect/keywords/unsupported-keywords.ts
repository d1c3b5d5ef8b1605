/**
 * Keywords Suricata has that mirrorscope does not evaluate. A rule using one is skipped with
 * `unsupported keyword <name>`; a name in neither this list nor the registry is a rule error (`unknown keyword`).
 */
export const UNSUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  // payload / generic
  'byte_math', 'asn1', 'luajit', 'lua', 'replace', 'entropy', 'datarep', 'dataset', 'iprep', 'pcrexform', 'xor',
  'from_base64', 'to_md5', 'to_sha1', 'to_sha256', 'bsize_cmp', 'absent', 'prefilter', 'requires', 'transform',
  'uricontent_nocase', 'flowvar', 'pktvar', 'hostbits', 'flow.age', 'flow.pkts', 'flow.bytes',
  'rpc', 'ftpbounce', 'ftpdata_command', 'ftp.command', 'ftp.command_data', 'ftp.reply', 'ftp.dynamic_port',
  'stream-event', 'engine-event', 'filestore', 'filename', 'fileext', 'filemagic', 'filesize', 'filemd5',
  'filesha1', 'filesha256', 'file.name', 'file.magic', 'file_name', 'file.mime_type', 'l3_proto', 'target_ip',
  'bypass', 'threshold_config', 'sameip', 'geoip', 'fragbits', 'fragoffset', 'ipopts', 'id', 'seq', 'ack',
  'window', 'tcp.mss', 'tcp.flags',
  'icmpv6.mtu', 'tos', 'tcp.wscale', 'ip.dst', 'ip.src', 'ttl_ip',
  // legacy TLS / SSL
  'ssl_version', 'ssl_state', 'tls.cert_notbefore', 'tls.cert_notafter', 'tls.cert_expired', 'tls.cert_valid',
  'tls.store', 'tls_store', 'tls.cert_chain_len', 'tls.random', 'tls.random_time', 'tls.random_bytes',
  'tls.alpn', 'tls.subjectaltname', 'tls_cert_notbefore', 'tls_cert_notafter', 'tls_cert_expired',
  'tls_cert_valid', 'tls.certs.last', 'ja4.string', 'ja3.string.raw',
  // other app layers
  'ssh_proto', 'ssh.proto', 'ssh.protoversion', 'ssh_software', 'ssh.software', 'ssh.softwareversion', 'ssh.hassh',
  'ssh.hassh.string', 'ssh.hassh.server', 'ssh.hassh.server.string', 'ssh_hassh', 'dce_iface', 'dce_opnum',
  'dce_stub_data', 'smb.named_pipe', 'smb.share', 'smb.ntlmssp_user', 'smb.ntlmssp_domain', 'smb.version',
  'krb5_msg_type', 'krb5_cname', 'krb5_sname', 'krb5_err_code', 'krb5.weak_encryption', 'nfs_procedure',
  'nfs.version', 'sip.method', 'sip.uri', 'sip.request_line', 'sip.stat_code', 'sip.stat_msg', 'sip.response_line',
  'sip.protocol', 'snmp.version', 'snmp.community', 'snmp.pdu_type', 'snmp.usm', 'modbus', 'dnp3_func',
  'dnp3_ind', 'dnp3_obj', 'dnp3_data', 'enip_command', 'cip_service', 'template', 'template_buffer',
  'rfb.name', 'rfb.sectype', 'rfb.secresult', 'mqtt.type', 'mqtt.flags', 'mqtt.qos', 'mqtt.topic',
  'mqtt.connect.clientid', 'mqtt.connect.username', 'mqtt.connect.password', 'mqtt.publish.topic',
  'mqtt.publish.message', 'ike.exchtype', 'ike.vendor', 'ike.key_exchange_payload', 'ike.nonce_payload',
  'dhcp.leasetime', 'dhcp.rebinding_time', 'dhcp.renewal_time', 'quic.sni', 'quic.ua', 'quic.version',
  'quic.cyu.hash', 'quic.cyu.string', 'http2.frametype', 'http2.errorcode', 'http2.priority', 'http2.window',
  'http2.size_update', 'http2.settings', 'http2.header_name', 'http2.header', 'dns.opcode', 'dns.rrtype',
  'dns.answer.name', 'dns.query.name', 'dns.queries.rrname', 'dns.answers.rrname', 'dns.response.rrname',
  'dns.rcode', 'dns.authorities.rrname', 'dns.additionals.rrname', 'smtp.helo', 'smtp.mail_from', 'smtp.rcpt_to',
  'email.from', 'email.subject', 'email.to', 'email.cc', 'email.date', 'email.message_id', 'email.x_mailer',
  'email.url', 'email.received', 'pgsql.query', 'ldap.request.operation', 'ldap.responses.operation',
  'websocket.payload', 'websocket.opcode', 'websocket.flags', 'websocket.mask', 'http.request_header.raw',
  'http.uri.normalized', 'http.response_body.raw', 'http_raw_cookie', 'file.data.raw', 'app-layer-state',
  'stream_depth',
]);
