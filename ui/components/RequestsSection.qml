import QtQuick
import QtQuick.Layouts
import ".."

// The found case's requests made at a kiosk (issue 17): what, when received, and the state
// (received here / by the office / being processed / done). Shown only when there are any.
ColumnLayout {
    id: section
    objectName: "case_requests"
    property QtObject formVm: null
    readonly property var requests: formVm !== null ? formVm.caseRequests : []
    visible: requests.length > 0
    spacing: Math.round(Theme.spacing / 2)

    BodyText {
        Layout.fillWidth: true
        text: qsTr("Your requests")
        font.pixelSize: Theme.heading
        font.weight: Font.Bold
    }
    Repeater {
        model: section.requests
        delegate: ColumnLayout {
            required property var modelData
            required property int index
            objectName: "case_request_" + index
            Layout.fillWidth: true
            spacing: 2
            BodyText {
                Layout.fillWidth: true
                text: modelData.text
            }
            BodyText {
                objectName: "case_request_state"
                Layout.fillWidth: true
                text: modelData.state
                color: modelData.status === "done" ? Theme.toneGood : Theme.textMuted
                font.weight: Font.DemiBold
            }
        }
    }
}
