import { speakingRate, type SpeechRequest, type SpokenStyle } from './tts';

/**
 * SSML for Azure neural voices, shared by the Speech service backend (the media bridge's TTS) and ACS
 * Call Automation play (the serverless voice loop), so a sentence sounds the same on both voice paths.
 */

/**
 * The SSML for one sentence: its language, voice, style (`mstts:express-as`, left out for 'none') and
 * rate (`prosody`, left out at the normal rate). The text is escaped: whatever it holds ("<script>",
 * "R&D") is read as text, never as markup.
 */
export function speechSsml(request: SpeechRequest, voice: string): string {
  let body = escapeXml(request.text.trim());
  const percent = Math.round((speakingRate(request.rate) - 1) * 100);
  if (percent !== 0) body = `<prosody rate="${percent > 0 ? '+' : ''}${percent}%">${body}</prosody>`;
  const style: SpokenStyle = request.style ?? 'none';
  if (style !== 'none') body = `<mstts:express-as style="${escapeXml(style)}">${body}</mstts:express-as>`;
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" ` +
    `xmlns:mstts="https://www.w3.org/2001/mstts" xml:lang="${escapeXml(request.lang)}">` +
    `<voice name="${escapeXml(voice)}">${body}</voice></speak>`
  );
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe in XML content and attributes. Control characters XML 1.0 forbids become spaces. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ')
      .replace(/[&<>"']/g, (character) => XML_ENTITIES[character]!)
  );
}
