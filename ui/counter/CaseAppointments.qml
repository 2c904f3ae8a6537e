import QtQuick
import QtQuick.Layouts
import "."

Card {
    id: appointments
    required property QtObject caseVm
    title: qsTr("Appointments")

    DeskText {
        visible: appointments.caseVm.appointments.length === 0
        text: qsTr("No appointments.")
        color: CounterStyle.textMuted
    }
    Repeater {
        model: appointments.caseVm.appointments
        delegate: RowLayout {
            required property var modelData
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                DeskText { text: modelData.when + " · " + modelData.service; Layout.fillWidth: true }
                DeskText {
                    text: modelData.state + (modelData.pending ? " · " + qsTr("waiting to be sent") : "")
                    color: CounterStyle.textMuted
                    font.pixelSize: CounterStyle.small
                }
            }
            ActionButton {
                objectName: "check_in_" + modelData.bookingId
                visible: modelData.open
                primary: true
                text: qsTr("Check in")
                onClicked: appointments.caseVm.checkIn(modelData.bookingId)
            }
            ActionButton {
                objectName: "no_show_" + modelData.bookingId
                visible: modelData.open
                text: qsTr("Did not come")
                onClicked: appointments.caseVm.noShow(modelData.bookingId)
            }
        }
    }
}
