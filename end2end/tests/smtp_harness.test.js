// The harness's mailbox on its own (no Livret server, no browser): a
// message sent to it over a plain SMTP dialogue is kept and parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startMailbox } from './harness.js';

/// A minimal SMTP client: `send(line)` writes one command and resolves
/// with the server's complete reply (every line up to "NNN text").
function smtpClient(port) {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  let pending = null;
  const tryReply = () => {
    if (!pending) return;
    const lines = buffer.split('\r\n');
    const last = lines.findIndex((l) => /^\d{3} /.test(l));
    if (last < 0) return;
    const reply = lines.slice(0, last + 1).join('\n');
    buffer = lines.slice(last + 1).join('\r\n');
    const { resolve } = pending;
    pending = null;
    resolve(reply);
  };
  socket.on('data', (chunk) => { buffer += chunk; tryReply(); });
  socket.on('error', (e) => { pending?.reject(e); pending = null; });
  const next = () => new Promise((resolve, reject) => {
    pending = { resolve, reject };
    tryReply();
  });
  return {
    greeting: next(),
    send(line) {
      const reply = next();
      socket.write(`${line}\r\n`);
      return reply;
    },
    end: () => new Promise((resolve) => { socket.once('close', resolve); socket.end(); }),
  };
}

const expectCode = (reply, code) => assert.match(reply, new RegExp(`^${code} `, 'm'), reply);

test('the mailbox receives and parses a message sent over SMTP', async () => {
  const mailbox = await startMailbox();
  try {
    assert.equal(mailbox.url, `smtp://127.0.0.1:${mailbox.port}`);
    assert.deepEqual(mailbox.mails(), []);
    const waiting = mailbox.waitForMail((m) => m.to.includes('claire.martin@mds.demo'));

    const smtp = smtpClient(mailbox.port);
    expectCode(await smtp.greeting, 220);
    const ehlo = await smtp.send('EHLO test.local');
    expectCode(ehlo, 250);
    assert.doesNotMatch(ehlo, /AUTH|STARTTLS/, 'no authentication, no TLS offered');
    expectCode(await smtp.send('MAIL FROM:<livret@mds.test>'), 250);
    expectCode(await smtp.send('RCPT TO:<claire.martin@mds.demo>'), 250);
    expectCode(await smtp.send('DATA'), 354);
    const subject = `=?UTF-8?B?${Buffer.from('Invitation à la réunion').toString('base64')}?=`;
    const message = [
      'From: Livret <livret@mds.test>',
      'To: Claire Martin <claire.martin@mds.demo>',
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Bonjour,',
      'Vous êtes invitée à une réunion mardi à 14 h.',
      '.Une ligne qui commence par un point.',
    ].map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
    expectCode(await smtp.send(`${message}\r\n.`), 250);
    expectCode(await smtp.send('QUIT'), 221);
    await smtp.end();

    const mail = await waiting;
    assert.equal(mail.subject, 'Invitation à la réunion');
    assert.deepEqual(mail.to, ['claire.martin@mds.demo']);
    assert.equal(mail.from, 'livret@mds.test');
    assert.match(mail.text, /réunion mardi/);
    assert.match(mail.text, /^\.Une ligne qui commence par un point\.$/m);
    assert.match(mail.raw, /^Subject: =\?UTF-8\?B\?/m);
    assert.match(mail.raw, /réunion/);
    assert.deepEqual(mailbox.mails(), [mail]);

    // An already received mail matches at once; a missing one is reported
    // with what did arrive.
    assert.equal(await mailbox.waitForMail((m) => /réunion/.test(m.subject), 100), mail);
    await assert.rejects(mailbox.waitForMail((m) => m.to.includes('personne@mds.demo'), 200),
      /no matching mail within 200 ms.*1 mail\(s\) received:\n {2}1\. "Invitation à la réunion" to claire\.martin@mds\.demo/s);
  } finally {
    await mailbox.close();
  }
});
