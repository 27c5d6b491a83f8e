import type { Connection } from 'mongoose';
import { auditEntryModel } from './auditEntry';
import { instrumentVersionModel } from './instrumentVersion';
import { linkModel } from './link';
import { qualitySettingsModel } from './qualitySettings';
import { responseVersionModel } from './responseVersion';
import { reviewModel } from './review';
import { linkSlotModel } from './linkSlot';
import { migrationModel } from './migration';
import { operationLockModel } from './operationLock';
import { responseModel, testResponseModel } from './response';
import { samplingPointModel } from './samplingPoint';
import { signInCodeModel, signInCodeUseModel } from './signInCode';
import { userModel } from './user';
import { weightingSchemeModel } from './weightingScheme';

export { auditEntryModel, instrumentVersionModel, linkModel, linkSlotModel, migrationModel, operationLockModel, qualitySettingsModel, responseModel, responseVersionModel, reviewModel, samplingPointModel, signInCodeModel, signInCodeUseModel, userModel, weightingSchemeModel };

/** The models bound to one connection (each test file has its own database and connection). */
export function modelsOf(connection: Connection) {
  return {
    Response: responseModel(connection),
    SamplingPoint: samplingPointModel(connection),
    User: userModel(connection),
    Link: linkModel(connection),
    LinkSlot: linkSlotModel(connection),
    WeightingScheme: weightingSchemeModel(connection),
    OperationLock: operationLockModel(connection),
    AuditEntry: auditEntryModel(connection),
    SignInCode: signInCodeModel(connection),
    SignInCodeUse: signInCodeUseModel(connection),
    Review: reviewModel(connection),
    ResponseVersion: responseVersionModel(connection),
    QualitySettings: qualitySettingsModel(connection),
    InstrumentVersion: instrumentVersionModel(connection),
    TestResponse: testResponseModel(connection),
    Migration: migrationModel(connection),
  };
}
