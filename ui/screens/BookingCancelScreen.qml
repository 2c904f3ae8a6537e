import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Cancelling asks once: which appointment, and are you sure.
BookingPage {
    id: page
    title: qsTr("Cancel this appointment?")

    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: subject.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: 2
        BodyText {
            id: subject
            objectName: "cancel_subject"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            text: page.bookingVm.subjectText
            font.pixelSize: Theme.heading
            font.weight: Font.DemiBold
        }
    }
    BodyText {
        Layout.fillWidth: true
        text: qsTr("The time becomes free for someone else. You can book a new appointment afterwards.")
        color: Theme.textMuted
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacing
        spacing: Theme.spacing
        BigButton {
            objectName: "keep_appointment"
            Layout.fillWidth: true
            Layout.preferredWidth: 100
            primary: true
            enabled: !page.bookingVm.busy
            text: qsTr("No, keep it")
            onClicked: page.bookingVm.back()
        }
        BigButton {
            objectName: "confirm_cancel"
            visible: page.bookingVm.errorText === ""  // the error offers "Try again" itself
            Layout.fillWidth: true
            Layout.preferredWidth: 100
            enabled: !page.bookingVm.busy
            text: qsTr("Yes, cancel it")
            onClicked: page.bookingVm.confirmCancel()
        }
    }
}
