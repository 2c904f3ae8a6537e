import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Booking, step 4: everything at a glance before it is booked (or moved).
BookingPage {
    id: page
    title: page.moving ? qsTr("Move your appointment to this time?")
                       : qsTr("Please check your appointment")
    step: 4

    Rectangle {
        objectName: "booking_summary"
        Layout.fillWidth: true
        Layout.preferredHeight: facts.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: 2
        ColumnLayout {
            id: facts
            anchors.fill: parent
            anchors.margins: Theme.spacing
            spacing: Math.round(Theme.spacing / 2)
            FactRow {
                objectName: "summary_service"
                Layout.fillWidth: true
                label: qsTr("Appointment")
                value: page.bookingVm.serviceName
            }
            FactRow {
                objectName: "summary_date"
                Layout.fillWidth: true
                label: qsTr("Date")
                value: page.bookingVm.dayText
                emphasised: true
            }
            FactRow {
                objectName: "summary_time"
                Layout.fillWidth: true
                label: qsTr("Time")
                value: page.bookingVm.timeText
                emphasised: true
            }
            FactRow {
                Layout.fillWidth: true
                label: qsTr("Place")
                value: page.bookingVm.officeName
            }
            FactRow {
                visible: page.moving
                Layout.fillWidth: true
                label: qsTr("Instead of")
                value: page.bookingVm.subjectText
            }
        }
    }

    BodyText {
        objectName: "offline_note"
        visible: !page.bookingVm.online
        Layout.fillWidth: true
        text: qsTr("This kiosk is offline. It books only times reserved for this kiosk, so your appointment is final.")
        color: Theme.textMuted
    }

    BigButton {
        objectName: "confirm_booking"
        // After a refusal, the way on is the error's own next option.
        visible: page.bookingVm.errorText === ""
        Layout.fillWidth: true
        primary: true
        enabled: !page.bookingVm.busy
        pixelSize: Theme.title
        text: page.moving ? qsTr("Move my appointment") : qsTr("Book this appointment")
        onClicked: page.bookingVm.confirm()
    }

    BringList {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacing
        stillMissing: page.bookingVm.bringMissing
        always: page.bookingVm.bringAlways
    }
}
