// Reading the names out of a DER certificate (what Firefox hands over as `rawDER`), with @peculiar/asn1-x509.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_subjectAltName, SubjectAlternativeName } from '@peculiar/asn1-x509';

/** dNSName entries of the subjectAltName extension ([] when it has none); null when the DER is unreadable. */
export function readSubjectAltNames(der: Uint8Array): string[] | null {
  try {
    const cert = AsnConvert.parse(der, Certificate);
    const extension = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
    if (!extension) return [];
    const names = AsnConvert.parse(extension.extnValue, SubjectAlternativeName);
    return names.flatMap((name) => (name.dNSName === undefined ? [] : [name.dNSName]));
  } catch {
    return null;
  }
}
