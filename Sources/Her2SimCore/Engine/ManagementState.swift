/// A management state file: a patient state plus `current` (the regimen she is on) and `event`
/// (the new toxicity), as in `/shared/clinical/management/README.md`.
public struct ManagementState: Hashable, Sendable {
    public var patient: PatientState
    public var decision: ManagementDecision

    public init(patient: PatientState, decision: ManagementDecision) {
        self.patient = patient
        self.decision = decision
    }
}
