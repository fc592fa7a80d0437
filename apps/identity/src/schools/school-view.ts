import { SchoolStatus as SchoolStatusMessage, SchoolView } from '@pt/contracts';
import { School } from './school.entity';

export function toSchoolView(school: School): SchoolView {
  const signature = school.dataProcessingSignature;
  return {
    id: school.id,
    name: school.name,
    laCode: school.laCode,
    establishmentNumber: school.establishmentNumber,
    dfeNumber: school.dfeNumber,
    address: { ...school.address },
    contact: { ...school.contact },
    status: school.status,
    dataProcessingAllowed: school.dataProcessingAllowed,
    dataProcessingSignature: signature
      ? {
          signedByName: signature.signedByName,
          signedByRole: signature.signedByRole,
          termsVersion: signature.termsVersion,
          signedAt: signature.signedAt.toISOString(),
          recordedBy: signature.recordedBy,
        }
      : null,
    concurrentSessions: school.concurrentSessions,
    createdAt: school.createdAt.toISOString(),
    version: school.version,
  };
}

export function toSchoolStatus(school: School): SchoolStatusMessage {
  return { schoolId: school.id, status: school.status, dataProcessingAllowed: school.dataProcessingAllowed };
}
